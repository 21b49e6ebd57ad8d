// What a migration would do to its target: locks and what they block, rewrites, scans, rows, durations,
// dependents, sessions in the way and a risk level (shared blast-radius doc §2, docs/analysis.md).

#include "BlastRadius.h"

#include "BlastRadiusParts.h"
#include "Config.h"
#include "ScriptState.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace sluice::review {

namespace {

using namespace blast;
using Relation = BlastRadius::Relation;

// Walks the migration statement by statement, keeping what earlier statements created and locked.
class Analysis
{
public:
    explicit Analysis(const CatalogFacts &catalog) : m_catalog(catalog) {}

    BlastRadius::Statement statement(const Statement &s, std::size_t index, const StatementTrace *trace,
                                     const StatementFacts &facts, const ScriptState &state,
                                     std::vector<BlastRadius::Reason> &reasons);
    void graph(BlastRadius &out) const;
    [[nodiscard]] const std::vector<std::string> &unknowns() const { return m_unknowns; }
    [[nodiscard]] const BlastRadius::Totals &totals() const { return m_totals; }

private:
    [[nodiscard]] std::string resolve(const std::string &name, bool *isIndex = nullptr) const;
    [[nodiscard]] bool isNew(const std::string &name, const ScriptState &state) const;
    [[nodiscard]] std::vector<Touch> touches(const StatementTrace *trace, const StatementFacts &facts,
                                             const ScriptState &state) const;
    Relation describe(const Touch &touch, Scope &scope);
    std::string estimateWork(Relation &r, const Table *t, const Scope &scope);
    void findSessions(Relation &r, const Table *t, const Scope &scope) const;
    void describeData(Relation &r, const Table &t, Scope &scope) const;
    void assessLock(const Relation &r, const Table *t, const std::string &missing, Scope &scope);
    void assessDml(const Relation &r, Scope &scope);
    void assessData(const Relation &r, const Table &t, Scope &scope) const;
    void addTotals(const BlastRadius::Statement &s, const Scope &scope);

    const CatalogFacts &m_catalog;
    std::map<std::string, int> m_held;            // strongest lock taken so far, by relation
    std::map<std::string, std::string> m_created; // relations the migration created, with their kind
    std::map<std::string, Touch> m_touched;       // every relation touched, with its strongest lock
    std::vector<std::string> m_unknowns;
    // Known until one part is not; starts at zero.
    BlastRadius::Totals m_totals{0, 0, 0, 0};
};

std::string Analysis::resolve(const std::string &name, bool *isIndex) const
{
    const auto qualified = qualify(name);
    if (m_catalog.table(qualified))
        return qualified;
    // An index folds into its table: a lock on the index goes with one on the table, which is what users see.
    const auto dot = qualified.find('.');
    const auto schema = qualified.substr(0, dot + 1);
    const auto bare = qualified.substr(dot + 1);
    for (const auto &[tableName, table] : m_catalog.tables) {
        if (!tableName.starts_with(schema))
            continue;
        for (const auto &index : table.indexes) {
            if (index.name == bare || index.name == qualified) {
                if (isIndex)
                    *isIndex = true;
                return tableName;
            }
        }
    }
    return qualified;
}

bool Analysis::isNew(const std::string &name, const ScriptState &state) const
{
    return m_created.count(name) || state.isNew(name) ||
           (name.starts_with("public.") && state.isNew(name.substr(7)));
}

std::vector<Touch> Analysis::touches(const StatementTrace *trace, const StatementFacts &facts,
                                     const ScriptState &state) const
{
    std::vector<Touch> out;
    auto find = [&out](const std::string &name) {
        return std::find_if(out.begin(), out.end(), [&](const Touch &t) { return t.name == name; });
    };
    auto touch = [&](const std::string &name, int rank, bool observed) -> Touch & {
        const auto it = find(name);
        if (it == out.end())
            return out.emplace_back(Touch{name, rank, observed});
        it->rank = std::max(it->rank, rank);
        return *it;
    };
    const bool observed = trace && trace->source == StatementTrace::Source::Shadow;
    if (observed) {
        for (const auto &lock : trace->locks)
            touch(resolve(lock.relation), lockRank(lock.mode), true);
        for (const auto &name : trace->rewritten) {
            bool index = false;
            auto &t = touch(resolve(name, &index), 0, true);
            (index ? t.indexBuild : t.rewrite) = true;
        }
        for (const auto &name : trace->scanned)
            touch(resolve(name), 0, true).scan = true;
    }
    for (const auto &effect : facts.relations) {
        const auto name = resolve(effect.relation);
        const bool fresh = effect.isNew || isNew(name, state);
        if (observed && !fresh && find(name) == out.end()) {
            // The shadow reports new locks only: one an earlier statement took is still held.
            const auto held = m_held.find(name);
            if (held == m_held.end())
                continue;
            touch(name, held->second, true);
        }
        auto &t = touch(name, observed ? 0 : int(effect.lock), observed);
        t.isNew = t.isNew || fresh;
        t.indexBuild = t.indexBuild || effect.buildsIndex; // the trace does not see index builds
        if (!observed) {
            t.rewrite = t.rewrite || effect.rewrites;
            t.scan = t.scan || effect.scans;
        }
    }
    for (auto &t : out) {
        t.isNew = t.isNew || isNew(t.name, state);
        // The shadow runs the migration in one transaction: what an earlier statement locked stays locked.
        if (const auto held = m_held.find(t.name); observed && held != m_held.end())
            t.rank = std::max(t.rank, held->second);
    }
    return out;
}

// Rows, bytes and duration of the rewrite, scan or index build; returns what was missing for the estimate.
std::string Analysis::estimateWork(Relation &r, const Table *t, const Scope &scope)
{
    if (scope.dml && r.name == scope.target) {
        r.rows = scope.rows;
        return {}; // a DML statement's duration depends on its plan, which the catalog does not give
    }
    if (!r.rewrite && !r.scan && !r.indexBuild) {
        r.secondsLow = r.secondsHigh = 0;
        return {};
    }
    r.rows = rowEstimate(t);
    std::string missing;
    double seconds = 0;
    auto add = [&](std::optional<std::int64_t> bytes, std::optional<double> throughput,
                   std::string_view what) {
        if (bytes)
            r.bytes = std::max(r.bytes.value_or(0), *bytes);
        if (!t)
            missing = "the catalog facts do not describe it";
        else if (!bytes)
            missing = "its size is unknown";
        else if (!throughput || *throughput <= 0)
            missing = "this server's " + std::string(what) + " throughput has not been measured";
        else
            seconds += double(*bytes) / *throughput;
    };
    const auto heap = t ? (t->heapBytes ? t->heapBytes : t->totalBytes) : std::nullopt;
    if (r.rewrite) {
        add(t ? t->totalBytes : std::nullopt, m_catalog.rewriteBytesPerSecond, "rewrite");
    } else {
        // CREATE INDEX CONCURRENTLY reads the table a second time to validate the index.
        if (r.scan || (r.indexBuild && lockRank(r.lock) == kShareUpdateExclusive))
            add(heap, m_catalog.scanBytesPerSecond, "scan");
        if (r.indexBuild)
            add(heap, m_catalog.indexBuildBytesPerSecond, "index build");
    }
    if (!missing.empty()) {
        m_unknowns.push_back("duration of statement " + std::to_string(scope.ordinal) + " on " + r.name +
                             ": " + missing);
        return missing;
    }
    r.secondsLow = seconds * kFastFactor;
    r.secondsHigh = seconds * kSlowFactor;
    return {};
}

void Analysis::findSessions(Relation &r, const Table *t, const Scope &scope) const
{
    const int rank = lockRank(r.lock);
    if (t) {
        for (const auto &s : t->sessions) {
            if (conflicts(lockRank(s.lockMode), rank))
                r.sessions.push_back(s);
        }
    }
    // A concurrent index build waits for every transaction older than it, whatever that transaction touched.
    if (r.indexBuild && rank == kShareUpdateExclusive) {
        for (const auto &s : m_catalog.longTransactions) {
            if (std::none_of(r.sessions.begin(), r.sessions.end(),
                             [&](const auto &x) { return x.pid == s.pid; }))
                r.sessions.push_back(s);
        }
    }
    double wait = 0;
    for (const auto &s : r.sessions)
        wait = std::max(wait, s.transactionSeconds);
    if (!r.sessions.empty()) {
        if (scope.lockTimeoutMs && *scope.lockTimeoutMs > 0)
            wait = std::min(wait, double(*scope.lockTimeoutMs) / 1000);
        r.lockWaitSeconds = wait;
    }
    if (rank >= kShare && t && t->writesPerSecond && r.secondsLow && r.secondsHigh) {
        r.queuedWritesLow = *t->writesPerSecond * (wait + *r.secondsLow);
        r.queuedWritesHigh = *t->writesPerSecond * (wait + *r.secondsHigh);
    }
}

void Analysis::describeData(Relation &r, const Table &t, Scope &scope) const
{
    r.dependents = affectedDependents(t, r.name, scope);
    std::set<std::string> tags(t.tags.begin(), t.tags.end());
    std::set<std::string> columns;
    const auto prefix = r.name + ".";
    for (const auto &use : scope.uses[r.name]) {
        for (const auto &[column, columnTags] : m_catalog.columnTags) {
            if (!column.starts_with(prefix))
                continue;
            const auto bare = column.substr(prefix.size());
            if (!use.column.empty() && bare != use.column)
                continue;
            tags.insert(columnTags.begin(), columnTags.end());
            std::string list;
            for (const auto &tag : columnTags)
                list += (list.empty() ? "" : ", ") + tag;
            columns.insert(bare + " (" + list + ")");
        }
    }
    r.tags.assign(tags.begin(), tags.end());
    r.taggedColumns.assign(columns.begin(), columns.end());
    if (!scope.dml || r.name != scope.target)
        return;
    r.rowTriggers = t.rowTriggers;
    if (scope.kind != "DeleteStmt")
        return;
    for (const auto &k : t.referencedBy) {
        if (k.onDelete != 'c' && k.onDelete != 'n' && k.onDelete != 'd')
            continue;
        const auto action = k.onDelete == 'c'   ? "ON DELETE CASCADE"
                            : k.onDelete == 'n' ? "ON DELETE SET NULL"
                                                : "ON DELETE SET DEFAULT";
        r.cascades.push_back(k.table + " (" + action + " via " + k.constraint +
                             (k.indexed ? ")" : "; unindexed: one scan of it per deleted row)"));
    }
}

Relation Analysis::describe(const Touch &touch, Scope &scope)
{
    Relation r;
    r.name = touch.name;
    r.lock = std::string(kModeNames[std::size_t(touch.rank)]);
    r.observed = touch.observed;
    r.isNew = touch.isNew;
    r.rewrite = touch.rewrite;
    r.scan = touch.scan;
    r.indexBuild = touch.indexBuild;
    if (scope.kind == "TruncateStmt" || scope.dropped.count(r.name)) {
        // A new empty file replaces the old one, or the file goes: nothing is copied or read.
        r.rewrite = r.scan = false;
    }
    if (r.isNew) {
        r.blocks = "nothing: new in this migration";
        return r;
    }
    r.blocks = lockBlocks(r.lock);
    const Table *t = m_catalog.table(r.name);
    const auto missing = estimateWork(r, t, scope);
    findSessions(r, t, scope);
    if (t)
        describeData(r, *t, scope);
    assessLock(r, t, missing, scope);
    if (scope.dml && r.name == scope.target)
        assessDml(r, scope);
    if (t)
        assessData(r, *t, scope);
    return r;
}

std::string sessionsText(const Relation &r, const Scope &scope)
{
    const auto &oldest =
        *std::max_element(r.sessions.begin(), r.sessions.end(), [](const auto &a, const auto &b) {
            return a.transactionSeconds < b.transactionSeconds;
        });
    auto text = count(double(r.sessions.size())) + " session(s), the oldest pid " +
                std::to_string(oldest.pid) + (oldest.user.empty() ? "" : " (" + oldest.user + ")") +
                " in a transaction for " + secondsText(oldest.transactionSeconds, oldest.transactionSeconds) +
                (oldest.lockMode.empty() ? "" : " holding " + oldest.lockMode);
    if (scope.lockTimeoutMs && *scope.lockTimeoutMs > 0 &&
        oldest.transactionSeconds * 1000 > double(*scope.lockTimeoutMs))
        text += " (lock_timeout cancels the statement after " + decimal(double(*scope.lockTimeoutMs) / 1000) +
                " s)";
    return text;
}

// The lock: how long what it blocks waits, and what queues behind it.
void Analysis::assessLock(const Relation &r, const Table *t, const std::string &missing, Scope &scope)
{
    const int rank = lockRank(r.lock);
    const bool blocksReads = rank == kAccessExclusive, blocksWrites = rank >= kShare, hot = isHot(t);
    const bool work = !(scope.dml && r.name == scope.target) && (r.rewrite || r.scan || r.indexBuild);
    const auto title = std::string(kModeTitles[std::size_t(rank)]);
    const auto verb = r.rewrite      ? " is rewritten"
                      : r.indexBuild ? " is scanned to build an index"
                                     : " is scanned in full";
    const auto bytes = r.bytes ? r.bytes : t ? t->totalBytes : std::nullopt;
    const auto name = r.name + (bytes ? " (" + bytesText(*bytes) + ")" : "") + (hot ? ", a hot table," : "");
    const std::string predicted = r.observed ? "" : " (predicted without the shadow)";
    const auto sessions = r.sessions.empty() ? std::string() : "; it waits behind " + sessionsText(r, scope);
    const double wait = r.lockWaitSeconds.value_or(0);

    std::string queue;
    Risk queueLevel = Risk::Low;
    if (r.queuedWritesHigh) {
        const auto low = count(*r.queuedWritesLow), high = count(*r.queuedWritesHigh);
        queue = "; about " + (low == high ? high : low + "–" + high) + " writes queue behind it";
        queueLevel = *r.queuedWritesHigh >= 1000  ? Risk::High
                     : *r.queuedWritesHigh >= 100 ? Risk::Moderate
                                                  : Risk::Low;
    } else if (blocksWrites && (work || wait > 0) && t && !t->writesPerSecond) {
        queue = "; its write rate is unknown, so the queue behind it cannot be estimated";
        queueLevel = Risk::Moderate;
        m_unknowns.push_back("write rate of " + r.name + ": the queue behind statement " +
                             std::to_string(scope.ordinal) + " cannot be estimated");
    }
    auto add = [&](Risk level, const std::string &text) {
        scope.reasons.push_back({level, scope.ordinal, text});
    };
    if (work && !missing.empty()) {
        add(hot && blocksWrites ? Risk::High : Risk::Moderate,
            name + verb + " under " + title + ", but " + missing + ": how long " +
                (blocksWrites ? r.blocks + " wait" : "it runs") + " is unknown" + sessions + predicted);
    } else if (work && blocksWrites) {
        auto level = std::max(blockedLevel(blocksReads, wait + *r.secondsHigh), queueLevel);
        if (hot && level >= Risk::Moderate)
            level = raise(level);
        add(level, name + verb + " under " + title + ": " + r.blocks + " wait " +
                       secondsText(wait + *r.secondsLow, wait + *r.secondsHigh) + queue + sessions +
                       predicted);
    } else if (work) {
        const auto level = *r.secondsHigh >= 600 || !r.sessions.empty() ? Risk::Moderate : Risk::Low;
        add(level, name + verb + " under " + title + " for " + secondsText(*r.secondsLow, *r.secondsHigh) +
                       ": reads and writes continue, " + r.blocks + " waits" + sessions + predicted);
    } else if (blocksWrites && !r.sessions.empty()) {
        auto level = std::max(blockedLevel(blocksReads, wait), queueLevel);
        if (hot)
            level = raise(level);
        add(level, title + " on " + name + " waits behind " + sessionsText(r, scope) + ", and " + r.blocks +
                       " queue behind it meanwhile" + queue + predicted);
    } else if (blocksReads && hot && !scope.lockTimeoutMs) {
        add(Risk::Moderate,
            name + " takes a brief " + title +
                " lock with no lock_timeout: if it has to wait, every query on the table queues "
                "behind it" +
                predicted);
    }
}

std::string statementName(std::string_view kind)
{
    static const std::map<std::string_view, std::string_view> names{
        {"DeleteStmt", "DELETE"}, {"UpdateStmt", "UPDATE"},
        {"InsertStmt", "INSERT"}, {"MergeStmt", "MERGE"},
        {"CopyStmt", "COPY"},     {"TruncateStmt", "TRUNCATE"},
        {"DropStmt", "DROP"},     {"AlterTableStmt", "ALTER TABLE"},
        {"RenameStmt", "RENAME"}, {"AlterObjectSchemaStmt", "SET SCHEMA"}};
    const auto it = names.find(kind);
    return std::string(it != names.end() ? it->second : kind);
}

void Analysis::assessDml(const Relation &r, Scope &scope)
{
    const auto statement = statementName(scope.kind);
    auto add = [&](Risk level, const std::string &text) {
        scope.reasons.push_back({level, scope.ordinal, text});
    };
    if (!r.rows) {
        m_unknowns.push_back("rows changed by statement " + std::to_string(scope.ordinal) + " on " + r.name);
        add(Risk::Moderate,
            "how many rows the " + statement + " on " + r.name +
                " changes is unknown (no estimate), so its duration and WAL cannot be judged");
    } else if (*r.rows >= 100'000) {
        add(*r.rows >= 1'000'000 ? Risk::High : Risk::Moderate,
            statement + " changes about " + count(double(*r.rows)) + " rows of " + r.name +
                " in one transaction, holding their row locks until it commits");
    }
    if (!r.cascades.empty()) {
        const bool unindexed = std::any_of(r.cascades.begin(), r.cascades.end(), [](const auto &c) {
            return c.find("unindexed") != std::string::npos;
        });
        add(unindexed && r.rows.value_or(1000) >= 1000 ? Risk::High : Risk::Moderate,
            "deleting from " + r.name + " also changes rows of " + join(r.cascades) +
                "; how many is not estimated");
    }
    if (!r.rowTriggers.empty() && r.rows.value_or(100'000) >= 100'000)
        add(Risk::Moderate, "row trigger(s) " + join(r.rowTriggers) + " on " + r.name + " run once per row" +
                                (r.rows ? " (about " + count(double(*r.rows)) + " times)" : ""));
}

// Data the statement destroys or changes: dropped tables, lost dependents, tagged columns.
void Analysis::assessData(const Relation &r, const Table &t, Scope &scope) const
{
    auto add = [&](Risk level, const std::string &text) {
        scope.reasons.push_back({level, scope.ordinal, text});
    };
    const auto statement = statementName(scope.kind);
    const bool dropped = scope.dropped.count(r.name) > 0;
    const auto rows = rowEstimate(&t);
    if ((dropped || scope.kind == "TruncateStmt") && t.kind != 'v' && (!rows || *rows > 0)) {
        add(Risk::High, statement + (dropped ? " removes " : " empties ") + r.name +
                            (t.totalBytes ? " (" + bytesText(*t.totalBytes) + ")" : "") + " with " +
                            (rows ? "about " + count(double(*rows)) + " rows" : "an unknown number of rows") +
                            "; the data is gone unless it was backed up");
    }
    if (!r.dependents.empty()) {
        add(Risk::High, statement + " on " + r.name +
                            (dropped ? " drops (CASCADE) or is refused by " : " breaks ") +
                            std::to_string(r.dependents.size()) + " dependent(s): " + join(r.dependents));
    }
    std::set<std::string> destroyed, changed;
    for (const auto &use : scope.uses[r.name]) {
        if (use.effect == ColumnUse::Read)
            continue;
        auto &into = use.effect == ColumnUse::Destroy ? destroyed : changed;
        for (const auto &tag : t.tags) {
            if (tag != "hot")
                into.insert(tag);
        }
        for (const auto &[column, tags] : m_catalog.columnTags) {
            if (column.starts_with(r.name + ".") &&
                (use.column.empty() || column.substr(r.name.size() + 1) == use.column))
                into.insert(tags.begin(), tags.end());
        }
    }
    const auto what =
        r.taggedColumns.empty() ? r.name : r.name + " (tagged columns: " + join(r.taggedColumns) + ")";
    auto list = [](const std::set<std::string> &tags) { return join({tags.begin(), tags.end()}); };
    if (!destroyed.empty())
        add(Risk::High, statement + " destroys data of " + what + " tagged " + list(destroyed));
    else if (!changed.empty())
        add(Risk::Moderate, statement + " changes data of " + what + " tagged " + list(changed));
}

std::optional<std::int64_t> staticRows(const Scope &scope, const CatalogFacts &catalog)
{
    if (scope.kind == "InsertStmt") {
        const auto values = scope.body["selectStmt"].as("SelectStmt")["valuesLists"];
        if (values.size() > 0)
            return std::int64_t(values.size());
    }
    if ((scope.kind == "UpdateStmt" || scope.kind == "DeleteStmt") && !scope.body["whereClause"].valid())
        return rowEstimate(catalog.table(scope.target));
    return std::nullopt;
}

BlastRadius::Statement Analysis::statement(const Statement &s, std::size_t index, const StatementTrace *trace,
                                           const StatementFacts &facts, const ScriptState &state,
                                           std::vector<BlastRadius::Reason> &reasons)
{
    BlastRadius::Statement out;
    out.ordinal = index + 1;
    out.line = s.start.line;
    out.byteStart = s.range.begin;
    out.byteEnd = s.range.end;
    out.kind = s.kind;
    out.source = trace ? trace->source : StatementTrace::Source::NotRun;
    out.error = trace ? trace->error : std::string();
    if (!s.tree) {
        out.risk = Risk::Moderate;
        reasons.push_back({Risk::Moderate, out.ordinal,
                           "statement " + std::to_string(out.ordinal) + " (line " + std::to_string(out.line) +
                               ") does not parse, so what it does to the target is unknown"});
        m_unknowns.push_back("statement " + std::to_string(out.ordinal) + ": does not parse");
        return out;
    }
    Scope scope = makeScope(s, index, facts, state);
    if (scope.dml) {
        scope.rows = trace && trace->rows ? trace->rows : staticRows(scope, m_catalog);
        out.rows = scope.rows;
    }
    if (out.source == StatementTrace::Source::Failed) {
        scope.reasons.push_back({Risk::Moderate, out.ordinal,
                                 "statement " + std::to_string(out.ordinal) + " failed on the shadow (" +
                                     out.error +
                                     "); the statements after it are predicted without the shadow"});
    }
    bool durationKnown = !scope.dml;
    double low = 0, high = 0;
    for (const auto &touch : touches(trace, facts, state)) {
        auto r = describe(touch, scope);
        if (!r.isNew) {
            durationKnown = durationKnown && r.secondsHigh;
            low += r.secondsLow.value_or(0);
            high += r.secondsHigh.value_or(0);
            m_held[r.name] = std::max(m_held[r.name], touch.rank);
        }
        auto &seen = m_touched.try_emplace(r.name, Touch{r.name}).first->second;
        seen.rank = std::max(seen.rank, touch.rank);
        seen.isNew = seen.isNew || r.isNew;
        out.relations.push_back(std::move(r));
    }
    if (durationKnown) {
        out.secondsLow = low;
        out.secondsHigh = high;
    }
    addTotals(out, scope);
    if (trace && trace->source == StatementTrace::Source::Shadow) {
        for (const auto &name : trace->created)
            m_created.emplace(qualify(name), kindOfCreate(s.kind));
    }
    for (const auto &r : facts.relations) {
        if (r.isNew)
            m_created.emplace(resolve(r.relation), kindOfCreate(s.kind));
    }
    for (auto &reason : scope.reasons) {
        out.risk = std::max(out.risk, reason.level);
        reasons.push_back(std::move(reason));
    }
    return out;
}

void Analysis::addTotals(const BlastRadius::Statement &s, const Scope &scope)
{
    auto add = [](auto &total, const auto &part) {
        if (total && part)
            *total += *part;
        else
            total.reset();
    };
    add(m_totals.secondsLow, s.secondsLow);
    add(m_totals.secondsHigh, s.secondsHigh);
    if (scope.dml)
        add(m_totals.rows, s.rows);
    for (const auto &r : s.relations) {
        const bool dmlTarget = scope.dml && r.name == scope.target;
        if (!r.isNew && !dmlTarget && (r.rewrite || r.scan || r.indexBuild))
            add(m_totals.bytes, r.bytes);
    }
}

void Analysis::graph(BlastRadius &out) const
{
    std::map<std::string, std::size_t> index;
    auto node = [&](const std::string &id, const std::string &kind) -> BlastRadius::GraphNode & {
        const auto [it, added] = index.try_emplace(id, out.nodes.size());
        if (added)
            out.nodes.push_back({id, kind, "", false, false});
        return out.nodes[it->second];
    };
    std::set<std::tuple<std::string, std::string, std::string>> edges;
    auto edge = [&](const std::string &from, const std::string &to, const std::string &kind) {
        if (edges.emplace(from, to, kind).second)
            out.edges.push_back({from, to, kind});
    };
    for (const auto &[name, touch] : m_touched) {
        const Table *t = touch.isNew ? nullptr : m_catalog.table(name);
        const auto created = m_created.find(name);
        auto &n = node(name, t                            ? kindOfRelkind(t->kind)
                             : created != m_created.end() ? created->second
                                                          : "table");
        n.touched = true;
        n.isNew = touch.isNew;
        n.lock = std::string(kModeNames[std::size_t(touch.rank)]);
        if (!t)
            continue;
        for (const auto &d : t->dependents) {
            node(d.name, d.kind);
            edge(d.name, name, d.kind);
        }
        for (const auto &k : t->referencedBy) {
            node(k.table, "table");
            edge(k.table, name, "foreign key");
        }
    }
}

} // namespace

std::string_view riskName(Risk risk)
{
    switch (risk) {
    case Risk::Low:
        return "low";
    case Risk::Moderate:
        return "moderate";
    case Risk::High:
        return "high";
    case Risk::Critical:
        return "critical";
    }
    return "low";
}

std::string lockBlocks(std::string_view mode)
{
    const int rank = lockRank(mode);
    if (rank == kAccessExclusive)
        return "reads, writes and DDL";
    if (rank >= kShare)
        return "writes and DDL";
    if (rank >= 3)
        return "DDL";
    if (rank >= kAccessShare)
        return "nothing but ACCESS EXCLUSIVE";
    return "nothing";
}

BlastRadius computeBlastRadius(const Script &script, const std::vector<StatementTrace> &traces,
                               const CatalogFacts &catalog)
{
    BlastRadius out;
    Config config;
    if (catalog.serverVersionNum)
        config.pgVersion = *catalog.serverVersionNum / 10000;
    Analysis analysis(catalog);
    ScriptState state;
    for (std::size_t i = 0; i < script.statements.size(); ++i) {
        const auto &s = script.statements[i];
        const StatementFacts facts = s.tree ? analyzeStatement(s.tree, state, config) : StatementFacts{};
        out.statements.push_back(
            analysis.statement(s, i, i < traces.size() ? &traces[i] : nullptr, facts, state, out.reasons));
        if (s.tree)
            state.apply(s.tree, facts, i);
    }
    analysis.graph(out);

    out.totals = analysis.totals();

    // Facts that could not be read (no catalog, no shadow, a timed-out query) are never read as "nothing to
    // fear": they hold the risk at moderate at least and say what is missing.
    if (!catalog.unknowns.empty()) {
        std::string what = catalog.unknowns.front();
        if (catalog.unknowns.size() > 1)
            what += " (and " + std::to_string(catalog.unknowns.size() - 1) + " more)";
        out.reasons.push_back(
            {Risk::Moderate, 0,
             "some facts about the target are unknown, so the blast radius may be larger than "
             "shown: " +
                 what});
    }

    std::stable_sort(out.reasons.begin(), out.reasons.end(),
                     [](const auto &a, const auto &b) { return a.level > b.level; });
    if (out.reasons.empty())
        out.reasons.push_back(
            {Risk::Low, 0,
             "no statement rewrites, scans or blocks reads or writes of an existing table for "
             "a noticeable time"});
    out.risk = out.reasons.front().level;
    out.unknowns = catalog.unknowns;
    out.unknowns.insert(out.unknowns.end(), analysis.unknowns().begin(), analysis.unknowns().end());
    return out;
}

} // namespace sluice::review
