# An import script: runs once in every worker of the %{GLOBAL} group before the pod is Ready.
# It imports a module and fills a module global that app.py reads on every request.
import greeting

greeting.WORDS = {n: "hello, world: sum(0..%d) = %d\n" % (n, sum(range(n + 1))) for n in range(101)}
