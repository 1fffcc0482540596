# Import script 2 of group "a": records that it ran second.
import builtins

builtins.ORDER = getattr(builtins, "ORDER", []) + ["second"]
