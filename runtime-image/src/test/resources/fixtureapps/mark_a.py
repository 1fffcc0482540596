# Import script of group "a": a global that group "b" must not see.
import builtins

builtins.KUBEWSGI_MARK = "set by group a"
