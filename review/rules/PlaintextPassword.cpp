#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

// PostgreSQL stores a password as given when it is already a SCRAM verifier or "md5" + 32 hex digits.
bool isHashed(std::string_view password)
{
    if (password.rfind("SCRAM-SHA-256$", 0) == 0)
        return true;
    if (password.size() != 35 || password.rfind("md5", 0) != 0)
        return false;
    return password.find_first_not_of("0123456789abcdef", 3) == std::string_view::npos;
}

void check(RuleContext &ctx)
{
    const auto create = ctx.statement().as("CreateRoleStmt");
    const auto alter = ctx.statement().as("AlterRoleStmt");
    if (!create && !alter)
        return;
    for (const Node o : (create ? create : alter)["options"]) {
        const auto option = o.as("DefElem");
        const auto password = option["arg"].as("String")["sval"].str();
        if (option["defname"].str() != "password" || password.empty() || isHashed(password))
            continue;
        const auto role = create ? std::string(create["role"].str()) : sectx::roleName(alter["role"]);
        ctx.report("the password of role " + role +
                       " is written in clear text: it is now in version control, in the migration logs and "
                       "possibly in the server log",
                   o);
    }
}

} // namespace

extern const Rule plaintextPassword{
    "plaintext-password",
    Severity::Error,
    false,
    "CREATE/ALTER ROLE ... PASSWORD with a clear-text password.",
    "A password in a migration is a leaked secret: the file is committed, reviewed, copied into CI logs, and "
    "the "
    "statement can reach the server log and pg_stat_statements. Create the role without a password (or "
    "PASSWORD NULL) and set it out of band, e.g. with psql's \\password, or pass a SCRAM-SHA-256 verifier "
    "generated outside the repository.",
    check,
    nullptr};

} // namespace sluice::review::rules
