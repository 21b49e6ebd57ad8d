#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto create = ctx.statement().as("CreateDomainStmt");
    if (!create)
        return;
    for (const Node c : create["constraints"]) {
        const auto con = c.as("Constraint");
        const auto contype = con["contype"].str();
        if (contype != "CONSTR_CHECK" && contype != "CONSTR_NOTNULL")
            continue;
        const auto names = tree::strings(create["domainname"]);
        ctx.report("Domain " + (names.empty() ? std::string() : names.back()) + " carries a " +
                       (contype == "CONSTR_CHECK" ? "CHECK" : "NOT NULL") +
                       " constraint: changing it later re-checks every column of the domain in every table, "
                       "and adding a column of this type rewrites the table",
                   con);
        return;
    }
}

} // namespace

extern const Rule banCreateDomainWithConstraint{
    "ban-create-domain-with-constraint",
    Severity::Info,
    false,
    "CREATE DOMAIN with a CHECK or NOT NULL constraint.",
    "Constraints on a domain are hard to change safely: adding or changing one validates every table that "
    "uses the domain at once, and adding a column of a constrained domain rewrites the table. Use a plain "
    "domain (or the base type) and put CHECK constraints on the table columns.",
    check,
    nullptr,
    {"CreateDomainStmt"}};

} // namespace sluice::review::rules
