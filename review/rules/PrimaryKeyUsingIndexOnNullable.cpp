#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

// The key columns of an index, from a CREATE INDEX earlier in the file or the catalog; nullopt if unknown.
std::optional<std::vector<std::string>> indexColumns(const RuleContext &ctx, const std::string &table,
                                                     const std::string &index)
{
    const auto all = ctx.all();
    std::optional<std::size_t> created;
    ctx.memo<index::StatementsByKind>().forEachBefore("IndexStmt", ctx.index(), [&](std::size_t i) {
        if (all[i].tree.as("IndexStmt")["idxname"].str() == index)
            created = i;
        return !created;
    });
    if (created) {
        std::vector<std::string> columns;
        for (const Node p : all[*created].tree.as("IndexStmt")["indexParams"]) {
            const auto name = p.as("IndexElem")["name"].str();
            if (name.empty())
                return std::nullopt; // an expression: not a valid primary key index anyway
            columns.emplace_back(name);
        }
        return columns;
    }
    if (const auto *facts = locking::catalogTable(ctx, table)) {
        for (const auto &i : facts->indexes) {
            if (i.name == index)
                return i.columns;
        }
    }
    return std::nullopt;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto cmds = locking::alterCmds(alter);
    for (std::size_t k = 0; k < cmds.size(); ++k) {
        const auto con = cmds[k]["def"].as("Constraint");
        const std::string index(con["indexname"].str());
        if (cmds[k]["subtype"].str() != "AT_AddConstraint" || con["contype"].str() != "CONSTR_PRIMARY" ||
            index.empty())
            continue;
        const auto columns = indexColumns(ctx, table, index);
        if (!columns) {
            ctx.report(
                "The columns of index " + index +
                    " are not known, so it cannot be confirmed that they are already NOT NULL: if they "
                    "are not, ADD PRIMARY KEY USING INDEX scans " +
                    table + " under an ACCESS EXCLUSIVE lock to check them",
                con);
            continue;
        }
        std::string nullable;
        for (const auto &column : *columns) {
            if (!locking::knownNotNull(ctx, table, column, k))
                nullable += (nullable.empty() ? "" : ", ") + column;
        }
        if (!nullable.empty())
            ctx.report("ADD PRIMARY KEY USING INDEX " + index + " makes " + nullable +
                           " NOT NULL, which scans " + table +
                           " under an ACCESS EXCLUSIVE lock: reads and writes wait for the scan",
                       con);
    }
}

} // namespace

extern const Rule primaryKeyUsingIndexOnNullable{
    "primary-key-using-index-on-nullable",
    Severity::Warning,
    false,
    "ADD PRIMARY KEY USING INDEX on columns not known to be NOT NULL.",
    "A primary key implies NOT NULL: when a key column is still nullable, ADD PRIMARY KEY USING INDEX sets "
    "it "
    "NOT NULL, scanning the whole table under an ACCESS EXCLUSIVE lock. Make the columns NOT NULL first: ADD "
    "CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c in a later transaction, then SET "
    "NOT NULL (no scan on PostgreSQL 12+), then add the primary key.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
