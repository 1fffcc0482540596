// kubewsgi-tools: upstream libraries the tests judge the project's output with, in one binary built
// and cached by e2e/cluster/build.sh.
//
//	kubewsgi-tools kstatus < OBJECT.json  prints "STATUS<TAB>MESSAGE" as kstatus (sigs.k8s.io/cli-utils,
//	                                      what Flux and kubectl-style tools read) computes it
//	kubewsgi-tools promql < EXPRS.json    parses each PromQL expression of a JSON array with
//	                                      Prometheus's own parser; prints and exits 1 on any error
//	kubewsgi-tools argocd-health SCRIPT.lua < OBJECT.json
//	                                      runs an Argo CD health check as Argo CD does (gopher-lua,
//	                                      the same libraries, obj as a table); prints
//	                                      "STATUS<TAB>MESSAGE"
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/prometheus/prometheus/promql/parser"
	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	if len(os.Args) < 2 {
		fail(2, "usage: kubewsgi-tools kstatus|promql|argocd-health SCRIPT.lua < INPUT.json")
	}
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(1, "read: %v", err)
	}
	switch {
	case os.Args[1] == "kstatus" && len(os.Args) == 2:
		kstatus(data)
	case os.Args[1] == "promql" && len(os.Args) == 2:
		promql(data)
	case os.Args[1] == "argocd-health" && len(os.Args) == 3:
		argocdHealth(os.Args[2], data)
	default:
		fail(2, "unknown command or arguments: %q", os.Args[1:])
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

// Argo CD (util/lua) opens only these libraries (and a reduced os) and hands the object over as
// nested tables; the script returns a table with status and message.
func argocdHealth(scriptFile string, data []byte) {
	script, err := os.ReadFile(scriptFile)
	if err != nil {
		fail(1, "read: %v", err)
	}
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		fail(1, "not a JSON object: %v", err)
	}
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		l.Push(l.NewFunction(lib.open))
		l.Push(lua.LString(lib.name))
		l.Call(1, 0)
	}
	l.SetGlobal("obj", luaValue(l, obj))
	if err := l.DoString(string(script)); err != nil {
		fail(1, "%s: %v", scriptFile, err)
	}
	hs, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		fail(1, "%s returned %s, not a table", scriptFile, l.Get(-1).Type())
	}
	fmt.Printf("%s\t%s\n", hs.RawGetString("status").String(), hs.RawGetString("message").String())
}

func luaValue(l *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case map[string]any:
		t := l.NewTable()
		for k, e := range v {
			t.RawSetString(k, luaValue(l, e))
		}
		return t
	case []any:
		t := l.NewTable()
		for _, e := range v {
			t.Append(luaValue(l, e))
		}
		return t
	case string:
		return lua.LString(v)
	case float64:
		return lua.LNumber(v)
	case bool:
		return lua.LBool(v)
	default:
		return lua.LNil
	}
}

func fail(code int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kubewsgi-tools: "+format+"\n", args...)
	os.Exit(code)
}
