#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

// The partition key columns of a table created in this file ("partition by range (a)"); empty if unknown.
std::vector<std::string> partitionKeys(const RuleContext &ctx, const std::string &parent)
{
    std::vector<std::string> keys;
    const auto all = ctx.all();
    ctx.memo<index::StatementsByKind>().forEachBefore("CreateStmt", ctx.index(), [&](std::size_t i) {
        const auto create = all[i].tree.as("CreateStmt");
        if (locking::sameRelation(tree::qualifiedName(create["relation"]), parent)) {
            for (const Node p : create["partspec"]["partParams"]) {
                if (const auto name = p.as("PartitionElem")["name"].str(); !name.empty())
                    keys.emplace_back(name);
            }
        }
        return true;
    });
    return keys;
}

// Whether a DEFAULT partition of the parent was created or attached earlier in the file.
bool hasDefaultPartition(const RuleContext &ctx, const std::string &parent)
{
    bool found = false;
    const auto all = ctx.all();
    ctx.memo<index::StatementsByKind>().forEachBefore("CreateStmt", ctx.index(), [&](std::size_t i) {
        if (const auto create = all[i].tree.as("CreateStmt"); create["partbound"]["is_default"].boolean()) {
            for (const Node p : create["inhRelations"])
                found = found || locking::sameRelation(tree::qualifiedName(p), parent);
        }
        return !found;
    });
    locking::forEachEarlierCmd(ctx, parent, 0, [&](std::size_t, Node cmd) {
        found = found || (cmd["subtype"].str() == "AT_AttachPartition" &&
                          cmd["def"].as("PartitionCmd")["bound"]["is_default"].boolean());
    });
    return found;
}

// A validated CHECK on the partition that can prove the bound: it mentions a key column (when the keys are
// known) and excludes NULLs (an IS NOT NULL test, or a key column known NOT NULL).
bool hasImplyingCheck(const RuleContext &ctx, const std::string &partition,
                      const std::vector<std::string> &keys)
{
    auto usable = [&](Node expr) {
        std::vector<std::string> columns;
        bool nullTest = false;
        expr.walk([&](Node n) {
            if (const auto name = locking::columnRefName(n); !name.empty())
                columns.push_back(name);
            nullTest |= n.as("NullTest")["nulltesttype"].str() == "IS_NOT_NULL";
        });
        bool onKey = keys.empty();
        bool notNull = nullTest;
        for (const auto &c : columns) {
            const bool isKey = keys.empty() || std::find(keys.begin(), keys.end(), c) != keys.end();
            onKey |= isKey;
            notNull |= isKey && locking::knownNotNull(ctx, partition, c);
        }
        return onKey && notNull;
    };
    bool found = false;
    std::set<std::string> pending;
    locking::forEachEarlierCmd(ctx, partition, 0, [&](std::size_t, Node cmd) {
        const auto con = cmd["def"].as("Constraint");
        if (cmd["subtype"].str() == "AT_AddConstraint" && con["contype"].str() == "CONSTR_CHECK" &&
            usable(con["raw_expr"])) {
            if (con["skip_validation"].boolean())
                pending.insert(std::string(con["conname"].str()));
            else
                found = true;
        } else if (cmd["subtype"].str() == "AT_ValidateConstraint" &&
                   pending.count(std::string(cmd["name"].str()))) {
            found = true;
        }
    });
    if (found)
        return true;
    if (const auto *facts = locking::catalogTable(ctx, partition)) {
        for (const auto &c : facts->constraints) {
            const bool onKey =
                keys.empty() || std::find_first_of(c.columns.begin(), c.columns.end(), keys.begin(),
                                                   keys.end()) != c.columns.end();
            if (c.type == 'c' && c.validated && onKey)
                return true;
        }
    }
    return false;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto parent = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto attach = cmd["def"].as("PartitionCmd");
        if (cmd["subtype"].str() != "AT_AttachPartition")
            continue;
        const auto partition = tree::qualifiedName(attach["name"]);
        const bool withDefault = hasDefaultPartition(ctx, parent);
        // A table created in this migration is unused, and (PostgreSQL 12+) the parent is not blocked.
        const bool scanMatters = !(locking::isNew(ctx, attach["name"]) && ctx.pgVersion() >= 12);
        const bool missingCheck =
            scanMatters && !hasImplyingCheck(ctx, partition, partitionKeys(ctx, parent));
        if (!missingCheck && !withDefault)
            continue;
        const std::string parentLock = ctx.pgVersion() >= 12 ? "" : " and the whole of " + parent;
        std::string message = "ATTACH PARTITION " + partition;
        if (missingCheck)
            message += " scans every row of the partition to check its bound, under an ACCESS EXCLUSIVE lock "
                       "on it" +
                       parentLock + ", because no validated CHECK constraint on it implies the bound";
        if (withDefault)
            message += std::string(missingCheck ? "; it also" : "") + " scans the DEFAULT partition of " +
                       parent + " under an ACCESS EXCLUSIVE lock";
        ctx.report(message, attach["name"]);
    }
}

} // namespace

extern const Rule attachPartitionWithoutCheck{
    "attach-partition-without-check",
    Severity::Warning,
    false,
    "ATTACH PARTITION without a validated CHECK constraint that implies the partition bound.",
    "Attaching a partition checks that every row fits the bound, scanning the table under an ACCESS "
    "EXCLUSIVE "
    "lock (and, before PostgreSQL 12, locking the parent too); a DEFAULT partition is scanned as well. First "
    "add a CHECK constraint matching the bound, including key IS NOT NULL, as NOT VALID, VALIDATE it in a "
    "separate transaction, then ATTACH (the scan is skipped), then drop the CHECK.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
