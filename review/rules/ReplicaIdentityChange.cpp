#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (std::size_t i = 0; i < alter["cmds"].size(); ++i) {
        const Node cmd = alter["cmds"].at(i);
        if (dc::subtype(cmd) != "AT_ReplicaIdentity")
            continue;
        // USING INDEX ('i') and DEFAULT ('d') keep row identification by key: info.
        const auto identity = cmd.as("AlterTableCmd")["def"].as("ReplicaIdentityStmt")["identity_type"].str();
        std::string message;
        std::optional<Severity> severity;
        if (identity == "f")
            message = "REPLICA IDENTITY FULL on " + table +
                      " makes every UPDATE and DELETE write the whole old row to WAL: more WAL, slower "
                      "replication, and change-data-capture consumers see a different payload";
        else if (identity == "n")
            message = "REPLICA IDENTITY NOTHING on " + table +
                      " makes UPDATE and DELETE fail on the table as soon as it is in a publication, and CDC "
                      "consumers lose the old key";
        else {
            message =
                "REPLICA IDENTITY " + std::string(identity == "i" ? "USING INDEX" : "DEFAULT") + " on " +
                table +
                " changes which key logical replication and CDC consumers receive for UPDATE and DELETE";
            severity = Severity::Info;
        }
        dc::reportInCommand(ctx, message, "replica", alter, i, {}, severity);
    }
}

} // namespace

extern const Rule replicaIdentityChange{
    "replica-identity-change",
    Severity::Warning,
    false,
    "ALTER TABLE ... REPLICA IDENTITY (FULL and NOTHING warn; USING INDEX and DEFAULT are info).",
    "The replica identity decides what logical replication and change-data-capture tools (Debezium, "
    "pglogical, subscriptions) receive for UPDATE and DELETE. FULL logs entire old rows (WAL volume, "
    "slower apply); NOTHING makes published UPDATE/DELETE fail. Agree the change with the owners of every "
    "consumer first; prefer REPLICA IDENTITY USING INDEX on a unique, NOT NULL key.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
