// kubewsgi-tools: upstream libraries the tests judge the project's output with, in one binary built
// and cached by e2e/cluster/build.sh.
//
//	kubewsgi-tools kstatus < OBJECT.json  prints "STATUS<TAB>MESSAGE" as kstatus (sigs.k8s.io/cli-utils,
//	                                      what Flux and kubectl-style tools read) computes it
//	kubewsgi-tools promql < EXPRS.json    parses each PromQL expression of a JSON array with
//	                                      Prometheus's own parser; prints and exits 1 on any error
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/prometheus/prometheus/promql/parser"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	if len(os.Args) != 2 {
		fail(2, "usage: kubewsgi-tools kstatus|promql < INPUT.json")
	}
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(1, "read: %v", err)
	}
	switch os.Args[1] {
	case "kstatus":
		kstatus(data)
	case "promql":
		promql(data)
	default:
		fail(2, "unknown command %q", os.Args[1])
	}
}

func kstatus(data []byte) {
	var u unstructured.Unstructured
	// UnmarshalJSON keeps integers as int64, which kstatus's generation checks need.
	if err := u.UnmarshalJSON(data); err != nil {
		fail(1, "not a Kubernetes object: %v", err)
	}
	result, err := status.Compute(&u)
	if err != nil {
		fail(1, "kstatus: %v", err)
	}
	fmt.Printf("%s\t%s\n", result.Status, result.Message)
}

func promql(data []byte) {
	var exprs []string
	if err := json.Unmarshal(data, &exprs); err != nil {
		fail(1, "not a JSON array of strings: %v", err)
	}
	p := parser.NewParser(parser.Options{})
	failed := 0
	for i, expr := range exprs {
		if _, err := p.ParseExpr(expr); err != nil {
			fmt.Printf("expression %d: %v\n  %s\n", i, err, expr)
			failed++
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
	fmt.Printf("%d expression(s) parse\n", len(exprs))
}

func fail(code int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kubewsgi-tools: "+format+"\n", args...)
	os.Exit(code)
}
