#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterDomainStmt");
    if (!alter)
        return;
    const auto names = tree::strings(alter["typeName"]);
    std::string domain;
    for (const auto &n : names)
        domain += (domain.empty() ? "" : ".") + n;
    if (names.empty() || locking::isNew(ctx, domain) || locking::isNew(ctx, names.back()))
        return;
    const auto subtype = alter["subtype"].str();
    const auto con = alter["def"].as("Constraint");
    if (subtype == "C" && !con["skip_validation"].boolean())
        ctx.report(
            "ALTER DOMAIN " + domain +
                " ADD CONSTRAINT checks every column of that domain in every table, blocking writes to "
                "each of them during the scan",
            con);
    else if (subtype == "O")
        locking::reportAtIdentifier(ctx,
                                    "ALTER DOMAIN " + domain +
                                        " SET NOT NULL checks every column of that domain in every table, "
                                        "blocking writes to each of them during the scan",
                                    names.back(), {});
}

} // namespace

extern const Rule banAlterDomainWithAddConstraint{
    "ban-alter-domain-with-add-constraint",
    Severity::Warning,
    false,
    "ALTER DOMAIN ... ADD CONSTRAINT (without NOT VALID) or SET NOT NULL.",
    "Adding a constraint to a domain validates every column that uses the domain, in every table, while "
    "holding locks that block writes to them. Add it with NOT VALID and VALIDATE CONSTRAINT later; better, "
    "put "
    "constraints on the table columns, where NOT VALID and VALIDATE work table by table.",
    check,
    nullptr,
    {"AlterDomainStmt"}};

} // namespace sluice::review::rules
