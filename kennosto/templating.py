"""Jinja2, compiled and run faster for our templates, with the same output.

A service page writes some 200 values, calls the Localizer some 70 times and a dozen
macros; Jinja's generic paths for these (environment.getattr, Context.call,
Macro.__call__, a ChainMap of globals) were most of a page's time. The classes here
keep Jinja's meaning and take the short way where it is known to lead to the same
result: every template still compiles and runs as Jinja would run it.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from types import BuiltinFunctionType, MethodType
from typing import Any

from jinja2 import Environment, Template, nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Macro, missing
from markupsafe import Markup

from kennosto.localizer import Localizer, escape_text


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
        if id(__obj) in __self.environment.context_calls:  # type: ignore[attr-defined]
            # As Context.call calls a pass_context function (`cached`, four a page).
            loop_vars = kwargs.pop("_loop_vars", None)
            block_vars = kwargs.pop("_block_vars", None)
            context = __self.derived(loop_vars) if loop_vars else __self
            context = context.derived(block_vars) if block_vars else context
            return __obj(context, *args, **kwargs)
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


def _output_call(node: Any) -> tuple[str, str] | None:
    """For `{{ NAME.ui(key) }}`, `{{ NAME.text(x) }}` and `{{ NAME.plain(x) }}`: the
    Localizer's code for the same escaped text without a Markup in between, the
    arguments following; else None."""
    method = _localizer_call(node)
    if method == "ui" and len(node.args) == 1:
        return ".ui_out[", "]"
    if method in ("text", "plain"):
        return f".{method}_out(", ")"
    return None


def _includes(body: Any) -> Iterator[Any]:
    """The `{% include %}`s of a body, at any depth."""
    for node in body:
        if isinstance(node, nodes.Include):
            yield node
        yield from node.find_all(nodes.Include)


def _simple(node: Any) -> bool:
    """A name or a chain of attributes of a name: evaluated twice, it does nothing more."""
    while isinstance(node, nodes.Getattr):
        node = node.node
    return isinstance(node, nodes.Name)


class QuickCodeGenerator(CodeGenerator):
    """Jinja's compiler with quicker code for what our templates do most (a service page
    writes about 200 values, looks up some 250 attributes and calls the Localizer about
    70 times):

    - `{{ value }}` is written through output_escape instead of markupsafe.escape where
      autoescape is known to be on (always, for our templates);
    - `L.text(x)` (any name, any Localizer method) calls the method at once when the
      name holds a Localizer, instead of through environment.getattr and context.call
      (which come to the same call, see FastContext.call); anything else goes Jinja's way;
    - `{{ L.ui("key") }}`, `{{ L.text(x) }}` and `{{ L.plain(x) }}` write the escaped text
      at once when the name holds a Localizer (see Localizer.ui_out and text_out);
    - `a.b` tries Python's getattr before environment.getattr, which does the same
      first and then looks for an item `a["b"]` (left to it when there is no attribute).
    """

    def visit_Template(self, node: Any, frame: Any = None) -> None:
        self.writeline("from kennosto.localizer import output_escape, escape_text, Localizer")
        self._extends = node.find(nodes.Extends) is not None
        super().visit_Template(node, frame)

    def blockvisit(self, body: Any, frame: Any) -> None:
        """A block's body, and the body of a template that extends none, write into a
        list and yield it once joined, as a macro's body does, instead of yielding each
        piece: a service page's pieces each went up through three generators (its block,
        the base template, the page template), some 75 trips a page. Not where Jinja's
        own code yields past a buffer (an include without context)."""
        if not self._buffers(body, frame):
            super().blockvisit(body, frame)
            return
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = []")
        super().blockvisit(body, frame)
        self.writeline(f"yield concat({frame.buffer})")

    def _buffers(self, body: Any, frame: Any) -> bool:
        whole = frame.block_frame or (frame.rootlevel and not self._extends)
        return (
            whole
            and frame.buffer is None
            and not frame.soft_frame
            and not self.environment.is_async
            and all(include.with_context for include in _includes(body))
        )

    def _quick_output(self, frame: Any, finalize: Any) -> bool:
        ctx = frame.eval_ctx
        return bool(ctx.autoescape and not ctx.volatile and finalize.src is None)

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if not self._quick_output(frame, finalize):
            super()._output_child_pre(node, frame, finalize)
            return
        call = _output_call(node)
        if call is not None:
            ref = frame.symbols.ref(node.node.node.name)
            self.write(f"({ref}{call[0]}")
            self._write_args(node, frame)
            self.write(f"{call[1]} if type({ref}) is Localizer else output_escape(")
        elif escape_text is not None:
            self.write("(escape_text(_oe) if type(_oe := ")
        else:
            self.write("output_escape(")

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if not self._quick_output(frame, finalize):
            super()._output_child_post(node, frame, finalize)
        elif _output_call(node) is not None:
            self.write("))")
        elif escape_text is not None:
            self.write(") is str else output_escape(_oe))")
        else:
            self.write(")")

    def _write_args(self, node: Any, frame: Any) -> None:
        """A call's positional arguments, comma-separated (the quick calls take no others)."""
        for number, arg in enumerate(node.args):
            self.write(", " if number else "")
            self.visit(arg, frame)

    def visit_Call(self, node: Any, frame: Any, forward_caller: bool = False) -> None:
        method = None if forward_caller else _localizer_call(node)
        if method is None:
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        ref = frame.symbols.ref(node.node.node.name)
        self.write(f"({ref}.{method}(")
        self._write_args(node, frame)
        self.write(f") if type({ref}) is Localizer else ")
        super().visit_Call(node, frame)
        self.write(")")

    def visit_Output(self, node: Any, frame: Any) -> None:
        """Jinja's visit_Output, except that outside macros (in blocks and the template's
        body) the pieces of one output statement are joined and yielded once, not one by
        one: a service page had some 320 yields, each a trip out of the generator."""
        if frame.buffer is not None or frame.require_output_check:
            super().visit_Output(node, frame)
            return
        finalize = self._make_finalize()
        body: list[Any] = []
        for child in node.nodes:  # constants evaluated now, as Jinja does
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        if len(body) < 2:
            super().visit_Output(node, frame)
            return
        self.writeline('yield "".join((')
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
            else:
                self.newline(item)
                self._output_child_pre(item, frame, finalize)
                self.visit(item, frame)
                self._output_child_post(item, frame, finalize)
                self.write(",")
        self.outdent()
        self.writeline("))")

    @optimizeconst
    def visit_Getattr(self, node: Any, frame: Any) -> None:
        if self.environment.is_async or not _simple(node.node):
            super().visit_Getattr(node, frame)
            return
        self.write("(_ga if (_ga := getattr(")
        self.visit(node.node, frame)
        self.write(f", {node.attr!r}, missing)) is not missing else environment.getattr(")
        self.visit(node.node, frame)
        self.write(f", {node.attr!r}))")


class _Made(threading.local):
    """The contexts made while a page renders (its own and those of the templates it
    imports `with context`); None outside a render."""

    contexts: list[Context] | None = None


_MADE = _Made()


class FastTemplate(Template):
    """A template whose render leaves no reference cycles behind. A page's context holds
    the macros it defines, and each macro's code holds the context (to look names up in
    it); the same for every template imported `with context`. Some 70 objects a page were
    left for Python's cyclic collector, which ran the more often for them. When the page
    is written, these contexts are emptied: the cycles are gone and the objects are freed
    at once. Contexts that outlive a page (the module of a template imported without
    context, kept by Jinja) are not touched."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        outer, made = _MADE.contexts, [context]
        _MADE.contexts = made
        try:
            return self.environment.concat(self.root_render_func(context))  # type: ignore[attr-defined]
        except Exception:
            self.environment.handle_exception()
        finally:
            _MADE.contexts = outer
            for each in made:
                each.vars.clear()
        raise AssertionError("unreachable: handle_exception raises")

    def make_module(
        self, vars: Any = None, shared: bool = False, locals: Any = None
    ) -> TemplateModule:
        context = self.new_context(vars, shared, locals)
        if shared and _MADE.contexts is not None:  # `import … with context`: this page's
            _MADE.contexts.append(context)
        return TemplateModule(self, context)


class FastEnvironment(Environment):
    """Jinja's environment with the templates' globals in a plain dict. Jinja gives every
    template a ChainMap over the environment's globals (so later changes to them show),
    and on every page copies it into the page's context, makes a set of its keys and, for
    each import, subtracts the imported template's keys from it: a ChainMap does each of
    these in Python, some 15 µs a page. Our globals are set before any template loads and
    never changed, so a copy is the same mapping."""

    # id() of the globals that FastContext calls without a context, and of those it
    # calls with the context first (pass_context); the globals keep them alive.
    direct_calls: Collection[int] = frozenset()
    context_calls: Collection[int] = frozenset()

    template_class = FastTemplate

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
