"""Jinja2, compiled and run faster for our templates, with the same output.

A service page writes some 200 values, calls the Localizer some 70 times and a dozen
macros; Jinja's generic paths for these (environment.getattr, Context.call,
Macro.__call__, a ChainMap of globals) were most of a page's time. The classes here
keep Jinja's meaning and take the short way where it is known to lead to the same
result: every template still compiles and runs as Jinja would run it.
"""

from __future__ import annotations

from collections.abc import Collection
from types import BuiltinFunctionType, MethodType
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context, Macro, missing
from markupsafe import Markup

from kennosto.localizer import Localizer


class FastContext(Context):
    """Jinja's template context with a quicker `call` for the callables that take no
    context. Context.call looks for pass_context and friends on every call, on the
    callable and on its __call__ (attribute lookups that mostly fail, which is slow);
    a service page makes some 150 calls. Macros, the Localizer's methods, built-in
    functions and methods (`dict.get`) and our globals `memo` (some 400,000 calls in the
    10,000-service benchmark) and `hsds_id` (the environment's `direct_calls`) are known
    not to want a context, so they are called at once; everything else goes the usual
    way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        kind = type(__obj)
        if kind is Macro:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            return call_macro(__obj, args, kwargs)
        if (
            (kind is MethodType and type(__obj.__self__) is Localizer)
            or kind is BuiltinFunctionType
            or id(__obj) in __self.environment.direct_calls  # type: ignore[attr-defined]
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


def call_macro(macro: Macro, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """`macro(*args, **kwargs)`, the common case without Macro.__call__'s generic work:
    positional arguments only (the missing ones left to the macro's defaults, as
    Macro.__call__ does), no `caller`, `varargs` or `kwargs`. A service page calls some
    ten macros, and Macro.__call__ costs a few µs each."""
    if (
        kwargs
        or macro.caller
        or macro.catch_kwargs
        or macro.catch_varargs
        or len(args) > macro._argument_count
    ):
        return macro(*args, **kwargs)
    short = macro._argument_count - len(args)
    text = macro._func(*args, *((missing,) * short)) if short else macro._func(*args)
    return str.__new__(Markup, text) if macro._default_autoescape else text


# The Localizer's methods that templates call as `L.method(…)`.
_LOCALIZER_METHODS = frozenset({"ui", "count", "ui_map", "plain", "has", "text", "block", "date"})


def _localizer_call(node: Any) -> str | None:
    """The method's name if `node` is `NAME.method(positional arguments)` with a method
    of the Localizer, else None."""
    callee = node.node if isinstance(node, nodes.Call) else None
    if (
        isinstance(callee, nodes.Getattr)
        and isinstance(callee.node, nodes.Name)
        and callee.attr in _LOCALIZER_METHODS
        and not node.kwargs
        and node.dyn_args is None
        and node.dyn_kwargs is None
    ):
        return callee.attr
    return None


def _ui_key(node: Any) -> str | None:
    """KEY if `node` is `NAME.ui("KEY")`, else None."""
    if _localizer_call(node) == "ui" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, nodes.Const) and type(arg.value) is str:
            return arg.value
    return None


class QuickCodeGenerator(CodeGenerator):
    """Jinja's compiler with quicker code for what our templates do most (a service page
    writes about 200 values and calls the Localizer about 70 times):

    - `{{ value }}` is written through output_escape instead of markupsafe.escape where
      autoescape is known to be on (always, for our templates);
    - `L.text(x)` (any name, any Localizer method) calls the method at once when the
      name holds a Localizer, instead of through environment.getattr and context.call
      (which come to the same call, see FastContext.call); anything else goes Jinja's way;
    - `{{ L.ui("key") }}` is looked up in the Localizer's table of escaped interface
      texts (Localizer.ui_out) when the name holds a Localizer.
    """

    def visit_Template(self, node: Any, frame: Any = None) -> None:
        self.writeline("from kennosto.localizer import output_escape, Localizer")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        ctx = frame.eval_ctx
        if ctx.autoescape and not ctx.volatile and finalize.src is None:
            key = _ui_key(node)
            if key is not None:
                ref = frame.symbols.ref(node.node.node.name)
                self.write(f"({ref}.ui_out[{key!r}] if type({ref}) is Localizer else ")
            self.write("output_escape(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        ctx = frame.eval_ctx
        if ctx.autoescape and not ctx.volatile and finalize.src is None and _ui_key(node):
            self.write(")")

    def visit_Call(self, node: Any, frame: Any, forward_caller: bool = False) -> None:
        method = None if forward_caller else _localizer_call(node)
        if method is None:
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        ref = frame.symbols.ref(node.node.node.name)
        self.write(f"({ref}.{method}(")
        for number, arg in enumerate(node.args):
            if number:
                self.write(", ")
            self.visit(arg, frame)
        self.write(f") if type({ref}) is Localizer else ")
        super().visit_Call(node, frame)
        self.write(")")


class FastEnvironment(Environment):
    """Jinja's environment with the templates' globals in a plain dict. Jinja gives every
    template a ChainMap over the environment's globals (so later changes to them show),
    and on every page copies it into the page's context, makes a set of its keys and, for
    each import, subtracts the imported template's keys from it: a ChainMap does each of
    these in Python, some 15 µs a page. Our globals are set before any template loads and
    never changed, so a copy is the same mapping."""

    # id() of the globals that FastContext calls without a context (kept alive by globals)
    direct_calls: Collection[int] = frozenset()

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._loaded: dict[str, Any] = {}

    def make_globals(self, d: Any) -> Any:
        return {**self.globals, **(d or {})}

    def _load_template(self, name: str, globals: Any) -> Any:
        """Jinja's cache of loaded templates, looked up about six times a page, makes a
        weak reference and reorders an LRU queue under a lock on every lookup; with
        auto_reload off (see make_environment) a loaded template is good for the
        environment's life, so a plain dict in front does."""
        if not globals:
            hit = self._loaded.get(name)
            if hit is not None:
                return hit
        template = super()._load_template(name, globals)
        if not globals:
            self._loaded[name] = template
        return template
