#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <algorithm>

namespace sluice::review::rules {
namespace {

// An index supports the foreign key when its leading columns are exactly the key's columns, in any order.
bool covers(const pn::IndexDef &index, const std::vector<std::string> &columns)
{
    if (index.partial || index.keys.size() < columns.size() ||
        (index.method != "btree" && !(index.method == "hash" && columns.size() == 1)))
        return false;
    // The same sets of names, without building them: keys are a handful of columns.
    const auto leadingEnd = index.keys.begin() + std::ptrdiff_t(columns.size());
    const auto inLeading = [&](const std::string &c) {
        return std::find(index.keys.begin(), leadingEnd, c) != leadingEnd;
    };
    const auto inColumns = [&](const std::string &k) {
        return std::find(columns.begin(), columns.end(), k) != columns.end();
    };
    return std::all_of(columns.begin(), columns.end(), inLeading) &&
           std::all_of(index.keys.begin(), leadingEnd, inColumns);
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    for (const auto &c : pn::constraints(ctx)) {
        if (c.type != "CONSTR_FOREIGN")
            continue;
        const auto columns = pn::constraintColumns(c);
        if (columns.empty())
            continue;
        const auto table = tree::qualifiedName(c.relation);
        const bool isNew = statement.is("CreateStmt") || ctx.state().isNew(c.relation);
        // Indexes anywhere in the file count: CREATE TABLE followed by CREATE INDEX on the key is the usual
        // shape.
        // The catalog's indexes (unless the table is new) and those the file builds, less those it drops:
        // only those whose leading columns are the key's can support it.
        const auto &lifetimes = ctx.memo<pn::IndexLifetimes>();
        const auto key = pn::tableKey(table);
        const auto end = ctx.all().size();
        bool covered = false;
        if (!isNew) {
            for (const auto &index : pn::catalogIndexes(ctx.catalog(), table))
                covered = covered || (lifetimes.catalogAlive(key, index, end) && covers(index, columns));
        }
        if (!covered)
            lifetimes.forEachAlive(lifetimes.byLeadingSet,
                                   key + '\0' + std::to_string(columns.size()) + '\0' +
                                       pn::IndexLifetimes::leadingSet(columns),
                                   end, [&](const pn::IndexDef &index) {
                                       covered = covers(index, columns);
                                       return !covered;
                                   });
        if (covered)
            continue;
        const auto parent = tree::qualifiedName(c.con["pktable"]);
        ctx.report("No index on " + table + " (" + pn::join(columns) + ") supports this foreign key to " +
                       parent + ": every DELETE from " + parent + ", or UPDATE of its key, scans " + table +
                       " to check for referencing rows, and joins on the key scan it too",
                   c.at,
                   "Create an index whose leading columns are the foreign key's columns: CREATE INDEX "
                   "CONCURRENTLY ON " +
                       table + " (" + pn::join(columns) +
                       "), in its own migration outside a transaction when the table already holds data.");
    }
}

} // namespace

extern const Rule missingFkIndex{
    "missing-fk-index",
    Severity::Warning,
    false,
    "A foreign key whose columns are not the leading columns of any index.",
    "PostgreSQL indexes the referenced key but not the referencing columns. Without an index on them, each "
    "DELETE or key UPDATE on the parent table scans the whole child table under a lock, and joins on the key "
    "are slow. Create an index whose leading columns are the foreign key's columns (CREATE INDEX "
    "CONCURRENTLY on an existing table).",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
