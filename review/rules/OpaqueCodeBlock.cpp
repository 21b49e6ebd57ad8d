#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (statement.is("DoStmt")) {
        ctx.report(
            "a DO block runs procedural code: the statements inside it are not parsed, so their locks, "
            "rewrites and data changes are not reviewed");
    } else if (const auto call = statement.as("CallStmt")) {
        const auto names = tree::strings(call["funccall"]["funcname"]);
        std::string name;
        for (const auto &part : names)
            name += (name.empty() ? "" : ".") + part;
        ctx.report("CALL " + name +
                       " runs a stored procedure: what it changes and locks is not visible in the "
                       "migration and is not reviewed",
                   call["funccall"]);
    } else if (const auto function = statement.as("CreateFunctionStmt")) {
        for (const Node o : function["options"]) {
            const auto option = o.as("DefElem");
            if (option["defname"].str() != "language")
                continue;
            const auto language = sectx::lower(tree::stringConstant(option["arg"]));
            if (language == "sql")
                return;
            std::string name;
            for (const auto &part : tree::strings(function["funcname"]))
                name += (name.empty() ? "" : ".") + part;
            ctx.report(std::string(function["is_procedure"].boolean() ? "procedure " : "function ") + name +
                           " is written in " + language +
                           ": the tables and functions its body uses are not tracked, so a later rename or "
                           "drop that breaks it is not detected",
                       o);
            return;
        }
    }
}

} // namespace

extern const Rule opaqueCodeBlock{
    "opaque-code-block",
    Severity::Info,
    false,
    "DO blocks, CALL, and functions in procedural languages: code the review cannot inspect.",
    "The review reads SQL statements; code inside a DO block, a procedure run by CALL or a PL/pgSQL (or C, "
    "Python...) function body is opaque to it: its locks, rewrites and data changes are not checked, and the "
    "objects it depends on are not tracked. Prefer plain SQL statements in migrations (LANGUAGE sql or BEGIN "
    "ATOMIC functions are tracked), and review such code by hand.",
    check,
    nullptr};

} // namespace sluice::review::rules
