#!/usr/bin/env python3
"""Generates review/NativeTree.cpp's node walker from PostgreSQL 15's own node headers.

    gen_native_tree.py SERVER_INCLUDE_DIR OUTPUT

For every parse node struct of nodes/parsenodes.h, nodes/primnodes.h and nodes/value.h (the ones with a
T_<Name> tag), it writes a function that adds the node's fields to a ParseTree in the shape and order of
libpg_query's JSON output, so that rules see the same tree without the JSON being written and read back:

- bool: only when true; char: a one-character string, only when not NUL; integers: only when not zero;
- char *: a string, when not NULL; enums: the member's name, always;
- List *: an array of wrapped nodes ({} for a NULL element), when not NULL;
- Node * and Expr *: a wrapped node {"Kind": {...}}, when not NULL;
- a pointer to a specific node struct (RangeVar *, TypeName *...) or an embedded one: its fields, unwrapped;
- the NodeTag and the embedded Expr header are left out.

A_Const (a union of value nodes) and List are written by hand in NativeTree.cpp. A node kind or field type this
script does not know makes the walker give up on the tree, and the engine falls back to libpg_query's JSON.
"""
import os
import re
import sys

STRUCT_HEADERS = ["nodes/parsenodes.h", "nodes/primnodes.h", "nodes/value.h"]
ENUM_HEADERS = ["nodes/nodes.h", "nodes/parsenodes.h", "nodes/primnodes.h", "nodes/lockoptions.h",
                "nodes/value.h"]
INT_TYPES = {"int", "int16", "int32", "int64", "long", "AttrNumber", "Index", "SubTransactionId", "int8"}
UINT_TYPES = {"uint32", "uint64", "Oid", "bits32", "AclMode", "uint16", "uint8", "RegProcedure"}
# Enums whose order libpg_query changed from PostgreSQL's (its patch 05: LIMIT_OPTION_DEFAULT first, so that a
# statement without LIMIT has the zero value): the parser's values follow this order, not the header's.
ENUM_ORDER = {"LimitOption": ["LIMIT_OPTION_DEFAULT", "LIMIT_OPTION_COUNT", "LIMIT_OPTION_WITH_TIES"]}
# Written by hand in NativeTree.cpp.
HANDWRITTEN = {"A_Const", "List"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def read(include, header):
    with open(os.path.join(include, header), encoding="utf-8") as f:
        return strip_comments(f.read())


def node_tags(include):
    text = read(include, "nodes/nodes.h")
    body = re.search(r"typedef enum NodeTag\s*\{(.*?)\}\s*NodeTag;", text, re.S).group(1)
    return {m.group(1) for m in re.finditer(r"\bT_(\w+)", body)}


def braced(text, start):
    """The text between the brace at start and its match."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i
    raise ValueError("unbalanced braces")


def structs(include):
    out = {}
    for header in STRUCT_HEADERS:
        text = read(include, header)
        # "typedef struct Name {...} Name;", or "struct Name {...};" for one typedef'd in another header.
        for m in re.finditer(r"(typedef\s+)?struct\s+(\w+)\s*\{", text):
            body, close = braced(text, m.end() - 1)
            alias = re.match(r"\s*(\w+)\s*;", text[close + 1:]) if m.group(1) else m
            if not alias or (not m.group(1) and not re.match(r"\s*;", text[close + 1:])):
                continue
            fields = []
            # Nested unions and structs are one field each; the rest split at semicolons.
            flat = re.sub(r"(union|struct)\s+\w*\s*\{[^{}]*\}", r"\1 __nested__", body)
            for decl in flat.split(";"):
                decl = " ".join(decl.split())
                if not decl or decl.startswith("#"):
                    continue
                fm = re.match(r"^(?:const\s+)?(?:(struct|union)\s+)?(\w+)\s*(\*?)\s*(\w+)$", decl)
                if not fm:
                    fields.append(("?", decl, False))
                    continue
                kind, typ, star, name = fm.groups()
                fields.append((typ if kind != "union" else "union", name, bool(star)))
            out[alias.group(1) if m.group(1) else m.group(2)] = fields
    return out


def enums(include):
    out = {}
    for header in ENUM_HEADERS:
        text = read(include, header)
        for m in re.finditer(r"typedef\s+enum\s+\w*\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
            members = []
            for item in m.group(1).split(","):
                name = item.partition("=")[0].strip()
                if name and not name.startswith("#"):
                    members.append(name)
            out[m.group(2)] = members
    return out


def main():
    include, output = sys.argv[1], sys.argv[2]
    tags = node_tags(include)
    all_structs = structs(include)
    all_enums = enums(include)
    nodes = {name: fields for name, fields in all_structs.items() if name in tags and name not in HANDWRITTEN}

    keys = {}

    def key(name):
        keys.setdefault(name, len(keys))
        return f"K_{name}"

    used_enums = set()
    functions = []
    for name, fields in sorted(nodes.items()):
        lines = [f"bool fields_{name}([[maybe_unused]] Sink &s, [[maybe_unused]] const {name} *n)", "{"]
        for index, (typ, field, pointer) in enumerate(fields):
            if index == 0 and typ == "NodeTag":
                continue
            if index == 0 and typ == "Expr" and not pointer:
                continue
            k = key(field) if typ != "?" else None
            f = f"n->{field}"
            if typ == "?" or typ == "union":
                lines.append(f"    return s.fail(); // {field}: not understood")
                continue
            if pointer:
                if typ == "char":
                    lines.append(f"    if ({f}) s.string({k}, {f});")
                elif typ == "List":
                    lines.append(f"    if ({f} && !s.list({k}, {f})) return false;")
                elif typ in ("Node", "Expr"):
                    lines.append(f"    if ({f} && !s.wrapped({k}, (const Node *){f})) return false;")
                elif typ in nodes:
                    lines.append(f"    if ({f}) {{ if (!s.open({k}) || !fields_{typ}(s, {f})) return false; s.close(); }}")
                else:
                    lines.append(f"    if ({f}) return s.fail(); // {typ} *: not understood")
                continue
            if name == "Boolean" and field == "boolval":
                # A Boolean node says false too (inside an A_Const it does not: NativeTree.cpp).
                lines.append(f"    s.booleanValue({k}, {f});")
            elif typ == "bool":
                lines.append(f"    if ({f}) s.boolean({k});")
            elif typ == "char":
                lines.append(f"    if ({f}) s.character({k}, {f});")
            elif name == "Integer" and field == "ival":
                # libpg_query 15 writes an Integer's value only when it is positive.
                lines.append(f"    if ({f} > 0) s.integer({k}, {f});")
            elif typ in INT_TYPES:
                lines.append(f"    if ({f}) s.integer({k}, std::int64_t({f}));")
            elif typ in UINT_TYPES:
                lines.append(f"    if ({f}) s.unsignedInteger({k}, std::uint64_t({f}));")
            elif typ in all_enums:
                used_enums.add(typ)
                lines.append(f"    s.enumeration({k}, enum_{typ}(int({f})));")
            elif typ in nodes:
                lines.append(f"    if (!s.open({k}) || !fields_{typ}(s, &{f})) return false;")
                lines.append("    s.close();")
            else:
                lines.append(f"    return s.fail(); // {typ} {field}: not understood")
        lines.append("    return true;")
        lines.append("}")
        functions.append("\n".join(lines))

    wrappers = []
    for name in sorted(nodes):
        wrappers.append(f"    case T_{name}:\n        return s.open({key(name)}) && fields_{name}(s, (const {name} *)node) && s.close();")
    for extra in ["List", "A_Const", "items", "isnull", "location", "ival", "fval", "boolval", "sval", "bsval",
                  "version", "stmts", "stmt", "stmt_location", "stmt_len"]:
        key(extra)

    # Enum members' names are in the key text too: a tree points at them instead of copying them.
    enum_functions = []
    for typ in sorted(used_enums):
        for member in all_enums[typ]:
            key(member)
        lines = [f"Key enum_{typ}(int v)", "{", "    switch (v) {"]
        if typ in ENUM_ORDER:
            assert sorted(ENUM_ORDER[typ]) == sorted(all_enums[typ]), typ
            for value, member in enumerate(ENUM_ORDER[typ]):
                lines.append(f"    case {value}: return K_{member};")
        else:
            # The compiler gives each member its value from the header.
            for member in all_enums[typ]:
                lines.append(f"    case {member}: return K_{member};")
        lines += ["    }", "    return {0, 0};", "}"]
        enum_functions.append("\n".join(lines))

    blob, offsets = "", {}
    for name in keys:
        offsets[name] = len(blob)
        blob += name
    with open(output, "w", encoding="utf-8") as out:
        out.write("// Generated by review/gen_native_tree.py from PostgreSQL's node headers. Do not edit.\n")
        out.write(f"constexpr char kKeyText[] = \"{blob}\";\n")
        for name in keys:
            out.write(f"constexpr Key K_{name}{{{offsets[name]}, {len(name)}}};\n")
        out.write("\n".join(enum_functions) + "\n")
        for name in sorted(nodes):
            out.write(f"bool fields_{name}(Sink &s, const {name} *n);\n")
        out.write("\n".join(functions) + "\n")
        out.write("bool generatedWrapped(Sink &s, const Node *node)\n{\n    switch (nodeTag(node)) {\n")
        out.write("\n".join(wrappers))
        out.write("\n    default:\n        return s.fail();\n    }\n}\n")


if __name__ == "__main__":
    main()
