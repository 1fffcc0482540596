# Import script 1 of group "a": records that it ran first.
import builtins

builtins.ORDER = getattr(builtins, "ORDER", []) + ["first"]
