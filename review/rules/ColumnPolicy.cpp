#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

bool hasConstraint(Node def, std::initializer_list<std::string_view> types)
{
    for (const Node c : def["constraints"]) {
        const auto type = c.as("Constraint")["contype"].str();
        for (const auto t : types) {
            if (type == t)
                return true;
        }
    }
    return false;
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    const auto &config = ctx.config();
    const bool notNull = pn::flag(config, "require_not_null", false);
    const bool withDefault = pn::flag(config, "require_default", false);
    const auto keys = pn::keyColumns(pn::constraints(ctx));
    for (const auto &site : pn::columnDefs(ctx)) {
        const auto column = std::string(site.def["colname"].str());
        const auto name = pn::relname(site.relation) + "." + column;
        const auto &type = site.type;
        const bool serial = type == "serial" || type == "bigserial" || type == "smallserial";
        const auto key = keys.find(column);
        const bool primary = key != keys.end() && key->second == "primary key";
        if (notNull && !serial && !primary && !hasConstraint(site.def, {"CONSTR_NOTNULL", "CONSTR_IDENTITY"}))
            ctx.report("Column " + name +
                           " allows NULL; the column policy requires NOT NULL on every column "
                           "(require_not_null)",
                       site.def);
        if (withDefault && !serial &&
            !hasConstraint(site.def, {"CONSTR_DEFAULT", "CONSTR_IDENTITY", "CONSTR_GENERATED"}))
            ctx.report("Column " + name +
                           " has no DEFAULT; the column policy requires one on every column "
                           "(require_default)",
                       site.def);
    }
    const auto create = statement.as("CreateStmt");
    if (!create || create["relation"]["relpersistence"].str() == "t" || create["partbound"] ||
        create["ofTypename"])
        return;
    for (const Node elt : create["tableElts"]) {
        if (elt.is("TableLikeClause"))
            return;
    }
    const auto required = config.options.count("required_columns") ? config.list("required_columns")
                                                                   : std::vector<std::string>{"id"};
    std::vector<std::string> present;
    for (const auto &site : pn::columnDefs(ctx))
        present.emplace_back(site.def["colname"].str());
    std::vector<std::string> missing;
    for (const auto &column : required) {
        if (!pn::contains(present, pn::lower(column)))
            missing.push_back(column);
    }
    if (!missing.empty())
        ctx.report("Table " + tree::qualifiedName(create["relation"]) + " lacks the required column" +
                       (missing.size() > 1 ? "s " : " ") + pn::join(missing) + " (required_columns)",
                   create["relation"]);
}

} // namespace

extern const Rule columnPolicy{
    "column-policy",
    Severity::Warning,
    true,
    "Columns that break the column policy: required columns missing (required_columns), nullable columns "
    "(require_not_null), columns without a default (require_default).",
    "A shared column policy keeps every table auditable and predictable for the application: the same "
    "identifying and bookkeeping columns everywhere, no unexpected NULLs. Add the missing columns, NOT NULL "
    "or "
    "DEFAULT, or switch the option off for this kind of table.",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
