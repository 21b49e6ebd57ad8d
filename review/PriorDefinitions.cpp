#include "PriorDefinitions.h"

#include "SqlQuote.h"

#include <algorithm>
#include <set>

namespace sluice::review {
namespace {

void addUnique(std::vector<ObjectName> &names, ObjectName name)
{
    if (name.name.empty())
        return;
    const auto key = name.key();
    if (std::none_of(names.begin(), names.end(), [&](const ObjectName &n) { return n.key() == key; }))
        names.push_back(std::move(name));
}

// Function arguments of a CREATE FUNCTION's parameters: the input ones, as DROP FUNCTION names them.
std::string inputArguments(Node parameters)
{
    std::string out;
    for (const Node p : parameters) {
        const auto param = p.as("FunctionParameter");
        const auto mode = param["mode"].str();
        if (mode == "FUNC_PARAM_OUT" || mode == "FUNC_PARAM_TABLE")
            continue;
        out += (out.empty() ? "" : ", ") + typeText(param["argType"]);
    }
    return out;
}

void collect(Node stmt, TouchedObjects &out)
{
    const auto kind = stmt.kind();
    const Node body = stmt.body();
    auto relation = [&](Node rangeVar) { addUnique(out.relations, relationName(rangeVar)); };
    if (kind == "AlterTableStmt" || kind == "TruncateStmt" || kind == "DeleteStmt" || kind == "UpdateStmt" ||
        kind == "InsertStmt" || kind == "RenameStmt" || kind == "AlterObjectSchemaStmt" ||
        kind == "AlterSeqStmt" || kind == "CreateTrigStmt" || kind == "IndexStmt") {
        relation(body["relation"]);
        for (const Node r : body["relations"])
            relation(r);
        if (kind == "RenameStmt" || kind == "AlterObjectSchemaStmt") {
            if (body["object"].as("ObjectWithArgs"))
                addUnique(out.functions, functionName(body["object"]));
        }
    } else if (kind == "ViewStmt") {
        relation(body["view"]);
    } else if (kind == "CreateFunctionStmt") {
        ObjectName name = nameFromList(body["funcname"]);
        name.arguments = inputArguments(body["parameters"]);
        name.withArguments = true;
        addUnique(out.functions, name);
    } else if (kind == "DropStmt") {
        const auto type = body["removeType"].str();
        for (const Node object : body["objects"]) {
            if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
                addUnique(out.functions, functionName(object));
            } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
                const auto names = tree::strings(object.as("TypeName")["names"]);
                if (!names.empty())
                    addUnique(out.types, {names.size() > 1 ? names[0] : "", names.back(), {}});
            } else if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE") {
                auto names = tree::strings(object.as("List")["items"]);
                if (names.size() >= 2)
                    addUnique(out.relations, {names.size() > 2 ? names[0] : "", names[names.size() - 2], {}});
            } else if (type != "OBJECT_SCHEMA" && type != "OBJECT_EXTENSION") {
                addUnique(out.relations, nameFromList(object));
            }
        }
    } else if (kind == "CommentStmt" || kind == "GrantStmt") {
        const auto type = body["objtype"].str();
        auto objects = kind == "GrantStmt" ? body["objects"] : Node();
        auto visit = [&](Node object) {
            if (object.as("RangeVar")) {
                relation(object);
            } else if (object.as("ObjectWithArgs")) {
                addUnique(out.functions, functionName(object));
            } else if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT" ||
                       type == "OBJECT_TRIGGER") {
                auto names = tree::strings(object.as("List")["items"]);
                if (names.size() >= 2)
                    addUnique(out.relations, {names.size() > 2 ? names[0] : "", names[names.size() - 2], {}});
            } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
                const auto names = tree::strings(object.as("TypeName")["names"]);
                if (!names.empty())
                    addUnique(out.types, {names.size() > 1 ? names[0] : "", names.back(), {}});
            } else if (object.as("List")) {
                addUnique(out.relations, nameFromList(object));
            }
        };
        if (kind == "CommentStmt")
            visit(body["object"]);
        for (const Node object : objects)
            visit(object);
    } else if (kind == "AlterEnumStmt") {
        addUnique(out.types, nameFromList(body["typeName"]));
    }
}

} // namespace

std::string ObjectName::key() const
{
    std::string out = schema.empty() ? name : schema + "." + name;
    if (withArguments)
        out += "(" + arguments + ")";
    return out;
}

const ColumnDefinition *RelationDefinition::column(std::string_view columnName) const
{
    for (const auto &c : columns) {
        if (c.name == columnName)
            return &c;
    }
    return nullptr;
}

ObjectName relationName(Node rangeVar)
{
    if (const auto body = rangeVar.as("RangeVar"))
        rangeVar = body;
    return {std::string(rangeVar["schemaname"].str()), std::string(rangeVar["relname"].str()), {}};
}

ObjectName nameFromList(Node list)
{
    auto items = list.as("List") ? list.as("List")["items"] : list;
    const auto names = tree::strings(items);
    if (names.empty())
        return {};
    return {names.size() > 1 ? names[names.size() - 2] : "", names.back(), {}};
}

ObjectName functionName(Node objectWithArgs)
{
    const auto body =
        objectWithArgs.as("ObjectWithArgs") ? objectWithArgs.as("ObjectWithArgs") : objectWithArgs;
    ObjectName name = nameFromList(body["objname"]);
    name.withArguments = !body["args_unspecified"].boolean();
    if (name.withArguments) {
        for (const Node arg : body["objargs"])
            name.arguments += (name.arguments.empty() ? "" : ", ") + typeText(arg);
    }
    return name;
}

std::string typeText(Node typeName)
{
    if (const auto body = typeName.as("TypeName"))
        typeName = body;
    std::string out;
    for (const auto &part : tree::strings(typeName["names"]))
        out += (out.empty() ? "" : ".") + quoteIdent(part);
    if (typeName["typmods"].size() > 0) {
        std::string mods;
        for (const Node m : typeName["typmods"])
            mods += (mods.empty() ? "" : ",") + std::to_string(m.as("A_Const")["ival"]["ival"].integer());
        out += "(" + mods + ")";
    }
    for (std::size_t i = 0; i < typeName["arrayBounds"].size(); ++i)
        out += "[]";
    return out;
}

TouchedObjects touchedObjects(const Script &script)
{
    TouchedObjects out;
    for (const auto &statement : script.statements) {
        if (statement.tree)
            collect(statement.tree, out);
    }
    return out;
}

} // namespace sluice::review
