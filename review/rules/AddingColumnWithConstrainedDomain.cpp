#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

std::string joined(const std::vector<std::string> &names)
{
    std::string out;
    for (const auto &n : names)
        out += (out.empty() ? "" : ".") + n;
    return out;
}

// Whether the type names a domain that carries a CHECK or NOT NULL constraint: created or constrained earlier
// in the file, or known to the catalog.
bool constrainedDomain(const RuleContext &ctx, const std::vector<std::string> &type)
{
    if (type.empty() || (type.size() == 2 && type[0] == "pg_catalog"))
        return false;
    const auto name = joined(type);
    bool constrained = false;
    const auto all = ctx.all();
    const auto &kinds = ctx.memo<index::StatementsByKind>();
    std::vector<std::size_t> domains;
    for (const auto kind : {"CreateDomainStmt", "AlterDomainStmt"})
        kinds.forEachBefore(kind, ctx.index(), [&](std::size_t i) {
            domains.push_back(i);
            return true;
        });
    std::sort(domains.begin(), domains.end());
    for (const auto i : domains) {
        const auto &view = all[i];
        if (const auto create = view.tree.as("CreateDomainStmt");
            create && locking::sameRelation(joined(tree::strings(create["domainname"])), name)) {
            constrained = false;
            for (const Node c : create["constraints"]) {
                const auto contype = c.as("Constraint")["contype"].str();
                constrained |= contype == "CONSTR_CHECK" || contype == "CONSTR_NOTNULL";
            }
        } else if (const auto alter = view.tree.as("AlterDomainStmt");
                   alter && locking::sameRelation(joined(tree::strings(alter["typeName"])), name)) {
            const auto subtype = alter["subtype"].str();
            constrained |= subtype == "C" || subtype == "O";
        }
    }
    const auto *catalog = ctx.catalog();
    return constrained || (catalog && catalog->constrainedDomains.count(locking::normalizedName(name)));
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto def = cmd["def"].as("ColumnDef");
        if (cmd["subtype"].str() != "AT_AddColumn" ||
            !constrainedDomain(ctx, tree::strings(def["typeName"]["names"])))
            continue;
        ctx.report(
            "Adding column " + tree::qualifiedName(alter["relation"]) + "." +
                std::string(def["colname"].str()) + " of the constrained domain " +
                joined(tree::strings(def["typeName"]["names"])) +
                " rewrites the table under an ACCESS EXCLUSIVE lock, checking the domain's constraints "
                "for every row",
            def["typeName"]);
    }
}

} // namespace

extern const Rule addingColumnWithConstrainedDomain{
    "adding-column-with-constrained-domain",
    Severity::Warning,
    false,
    "ADD COLUMN whose type is a domain with CHECK or NOT NULL constraints.",
    "When the new column's type is a domain with constraints, PostgreSQL rewrites the table to check them "
    "against every row, under an ACCESS EXCLUSIVE lock, even with no default. Use the domain's base type and "
    "a "
    "table CHECK constraint added NOT VALID, then VALIDATE CONSTRAINT in a later transaction.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
