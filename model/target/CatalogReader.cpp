#include "target/CatalogReader.h"

#include "queue/Pg.h"
#include "target/CatalogQueries.h"

#include <QElapsedTimer>
#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <unordered_map>

namespace sluice::model {
namespace {

namespace query = catalog::query;
using Facts = review::CatalogFacts;
using ReadOnlyTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::string replaced(std::string text, std::string_view placeholder, const std::string &with)
{
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + with.size()))
        text.replace(at, placeholder.size(), with);
    return text;
}

std::vector<std::string> splitList(const pqxx::field &f)
{
    std::vector<std::string> out;
    if (f.is_null())
        return out;
    const std::string_view text(f.c_str(), f.size());
    for (std::size_t start = 0;;) {
        const auto sep = text.find('\x1f', start);
        out.emplace_back(
            text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
        if (sep == std::string_view::npos)
            return out;
        start = sep + 1;
    }
}

std::string text(const pqxx::field &f)
{
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}

std::optional<std::int64_t> optionalInt(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : std::optional<std::int64_t>(f.as<std::int64_t>());
}

int lockRank(std::string_view mode)
{
    constexpr std::string_view order[] = {
        "AccessShareLock", "RowShareLock",          "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock",    "AccessExclusiveLock"};
    const auto *it = std::find(std::begin(order), std::end(order), mode);
    return int(it - std::begin(order));
}

// "public.orders" and "orders" name the same table; tags may use either.
std::string qualified(const std::string &name)
{
    return name.find('.') == std::string::npos ? "public." + name : name;
}

class Reader
{
public:
    Reader(ReadOnlyTx &tx, const CatalogReadSettings &settings, bool estimateSizes, Facts &facts)
        : m_tx(tx), m_settings(settings), m_estimateSizes(estimateSizes), m_facts(facts)
    {
    }

    // Fills the facts for the relations the first query finds; the query is kAllRelations or kNamedRelations.
    void run(const std::string &relationQuery)
    {
        readServer();
        if (!resolve(relationQuery))
            return;
        // Names were resolved through the login's search_path; from here on pg_get_*def and regprocedure
        // qualify every name.
        exec("the search path", "select pg_catalog.set_config('search_path', '', true)");
        QElapsedTimer sampleClock;
        std::optional<std::unordered_map<std::uint32_t, std::int64_t>> firstSample;
        if (m_settings.writeSampleMs > 0) {
            sampleClock.start();
            firstSample = writes();
        }
        readColumns();
        readSizes();
        readLiveRows();
        readIndexes();
        readConstraints();
        readReferencedBy();
        readViews();
        readTriggers();
        readOtherDependents();
        readPublications();
        readFunctions();
        readLockHolders();
        readLongTransactions();
        if (firstSample)
            readWriteRates(*firstSample, sampleClock);
        applyTags();
    }

private:
    std::optional<pqxx::result> exec(const std::string &what, const std::string &sql)
    {
        try {
            pqxx::subtransaction savepoint(m_tx, "fact");
            auto result = savepoint.exec(sql);
            savepoint.commit();
            return result;
        } catch (const std::exception &e) {
            m_facts.unknowns.push_back(what + ": " + pg::errorFrom(e).message.toStdString());
            return std::nullopt;
        }
    }

    std::optional<pqxx::result> execForRelations(const std::string &what, const char *sql)
    {
        return exec(what + " of " + m_subject, replaced(sql, "$RELS", m_relsSelect));
    }

    Facts::Table *table(const pqxx::field &oid)
    {
        const auto it = m_byOid.find(oid.as<std::uint32_t>());
        return it == m_byOid.end() ? nullptr : it->second;
    }

    void readServer()
    {
        const auto result = exec("the server version", query::kServer);
        if (!result || result->empty())
            return;
        m_facts.serverVersionNum = (*result)[0][0].as<int>();
        for (auto &domain : splitList((*result)[0][1]))
            m_facts.constrainedDomains.insert(std::move(domain));
    }

    bool resolve(const std::string &relationQuery)
    {
        const auto result = exec("the tables themselves", relationQuery);
        if (!result)
            return false;
        std::string oids;
        for (const auto &row : *result) {
            // "orders" and "public.orders" may both be asked for.
            if (m_byOid.count(row[0].as<std::uint32_t>()) > 0)
                continue;
            const auto name = text(row[1]) + "." + text(row[2]);
            auto &t = m_facts.tables[name];
            t.kind = row[3].c_str()[0];
            t.partitioned = t.kind == 'p';
            t.owner = text(row[4]);
            if (const auto tuples = row[5].as<double>(); tuples >= 0)
                t.rowEstimate = std::int64_t(tuples);
            m_byOid[row[0].as<std::uint32_t>()] = &t;
            m_nameOf[&t] = name;
            oids += (oids.empty() ? "" : ",") + text(row[0]);
            m_names.push_back(name);
        }
        m_relsSelect = "select unnest('{" + oids + "}'::oid[])";
        if (m_names.size() <= 3) {
            for (const auto &name : m_names)
                m_subject += (m_subject.empty() ? "" : ", ") + name;
        } else {
            m_subject = std::to_string(m_names.size()) + " relations";
        }
        return !m_names.empty();
    }

    void readColumns()
    {
        if (const auto result = execForRelations("the columns", query::kColumns)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->columns.push_back({text(row[1]), text(row[2]), row[3].as<bool>()});
            }
        }
    }

    void readSizes()
    {
        if (const auto result =
                execForRelations("the sizes", m_estimateSizes ? query::kEstimatedSizes : query::kSizes)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0])) {
                    t->heapBytes = optionalInt(row[1]);
                    t->totalBytes = optionalInt(row[2]);
                }
            }
        }
    }

    void readLiveRows()
    {
        if (const auto result = execForRelations("the live row counts", query::kLiveRows)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->liveRows = optionalInt(row[1]);
            }
        }
    }

    std::optional<std::unordered_map<std::uint32_t, std::int64_t>> writes()
    {
        const auto result = execForRelations("the write counters", query::kWrites);
        if (!result)
            return std::nullopt;
        std::unordered_map<std::uint32_t, std::int64_t> counts;
        for (const auto &row : *result)
            counts[row[0].as<std::uint32_t>()] = row[1].as<std::int64_t>();
        return counts;
    }

    void readWriteRates(const std::unordered_map<std::uint32_t, std::int64_t> &first,
                        const QElapsedTimer &clock)
    {
        // The other queries ran during the interval; sleep only for what is left of it.
        if (const auto left = m_settings.writeSampleMs - clock.elapsed(); left > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(left));
        const auto second = writes();
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        if (!second || seconds <= 0)
            return;
        for (const auto &[oid, count] : *second) {
            const auto before = first.find(oid);
            const auto t = m_byOid.find(oid);
            if (before != first.end() && t != m_byOid.end())
                t->second->writesPerSecond =
                    double(std::max<std::int64_t>(0, count - before->second)) / seconds;
        }
    }

    void readIndexes()
    {
        const auto result = execForRelations("the indexes", query::kIndexes);
        if (!result)
            return;
        for (const auto &row : *result) {
            if (auto *t = table(row[0]))
                t->indexes.push_back({text(row[2]),
                                      splitList(row[7]),
                                      row[3].as<bool>(),
                                      row[4].as<bool>(),
                                      row[5].as<bool>(),
                                      {},
                                      optionalInt(row[6]),
                                      std::nullopt});
        }
        // Pointers are taken once every vector has stopped growing.
        std::unordered_map<std::uint32_t, Facts::Index *> byOid;
        for (const auto &row : *result) {
            if (auto *t = table(row[0])) {
                for (auto &index : t->indexes) {
                    if (index.name == text(row[2]))
                        byOid[row[1].as<std::uint32_t>()] = &index;
                }
            }
        }
        if (const auto definitions = execForRelations("the index definitions", query::kIndexDefinitions)) {
            for (const auto &row : *definitions) {
                if (const auto it = byOid.find(row[0].as<std::uint32_t>()); it != byOid.end()) {
                    it->second->definition = text(row[1]);
                    if (!row[2].is_null())
                        it->second->columns = splitList(row[2]);
                }
            }
        }
        const auto *sizes = m_estimateSizes ? query::kEstimatedIndexSizes : query::kIndexSizes;
        if (const auto bytes = execForRelations("the index sizes", sizes)) {
            for (const auto &row : *bytes) {
                if (const auto it = byOid.find(row[0].as<std::uint32_t>()); it != byOid.end())
                    it->second->bytes = optionalInt(row[1]);
            }
        }
    }

    void readConstraints()
    {
        if (const auto result = execForRelations("the constraints", query::kConstraints)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->constraints.push_back({text(row[1]), row[2].c_str()[0], splitList(row[5]),
                                              row[3].as<bool>(), text(row[4])});
            }
        }
    }

    void readReferencedBy()
    {
        if (const auto result = execForRelations("the foreign keys referencing", query::kReferencedBy)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->referencedBy.push_back({text(row[1]), text(row[2]), splitList(row[4]),
                                               row[3].c_str()[0], row[5].as<bool>()});
            }
        }
    }

    void readViews()
    {
        if (const auto result = execForRelations("the views depending on", query::kViews)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->dependents.push_back({text(row[1]), text(row[2]), text(row[3])});
            }
        }
    }

    void readTriggers()
    {
        if (const auto result = execForRelations("the triggers", query::kTriggers)) {
            for (const auto &row : *result) {
                auto *t = table(row[0]);
                if (!t)
                    continue;
                t->dependents.push_back({"trigger", text(row[1]) + " on " + m_nameOf.at(t), {}});
                if (row[2].as<bool>() && row[3].as<bool>())
                    t->rowTriggers.push_back(text(row[1]));
            }
        }
    }

    void readOtherDependents()
    {
        if (const auto result =
                execForRelations("the policies, rules and owned sequences", query::kOtherDependents)) {
            for (const auto &row : *result) {
                auto *t = table(row[0]);
                if (!t)
                    continue;
                const auto kind = text(row[1]);
                auto name = text(row[2]);
                if (kind != "sequence")
                    name += " on " + m_nameOf.at(t);
                t->dependents.push_back({kind, name, text(row[3])});
            }
        }
    }

    void readPublications()
    {
        const bool schemaPublications = m_facts.serverVersionNum && *m_facts.serverVersionNum >= 150000;
        const auto sql = replaced(query::kPublications, "$SCHEMAPUBS",
                                  schemaPublications ? query::kSchemaPublications : "");
        if (const auto result = execForRelations("the publications", sql.c_str())) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->dependents.push_back({"publication", text(row[1]), {}});
            }
        }
    }

    void readFunctions()
    {
        if (const auto result = execForRelations("the functions referring to", query::kFunctions)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->dependents.push_back({"function", text(row[1]), {}});
            }
        }
    }

    void readLockHolders()
    {
        const auto result = execForRelations("the sessions holding locks on", query::kLockHolders);
        if (!result)
            return;
        for (const auto &row : *result) {
            auto *t = table(row[0]);
            if (!t)
                continue;
            const int pid = row[1].as<int>();
            const auto mode = text(row[5]);
            auto it = std::find_if(t->sessions.begin(), t->sessions.end(),
                                   [&](const auto &s) { return s.pid == pid; });
            if (it == t->sessions.end()) {
                t->sessions.push_back({pid, text(row[2]), text(row[3]), text(row[4]), mode, row[6].as<bool>(),
                                       row[7].as<double>(), text(row[8])});
            } else if (lockRank(mode) > lockRank(it->lockMode)) {
                it->lockMode = mode;
                it->granted = row[6].as<bool>();
            }
        }
    }

    void readLongTransactions()
    {
        try {
            pqxx::subtransaction savepoint(m_tx, "fact");
            const auto result =
                savepoint.exec_params(query::kLongTransactions, m_settings.longTransactionSeconds);
            savepoint.commit();
            for (const auto &row : result)
                m_facts.longTransactions.push_back({row[0].as<int>(),
                                                    text(row[1]),
                                                    text(row[2]),
                                                    text(row[3]),
                                                    {},
                                                    true,
                                                    row[4].as<double>(),
                                                    text(row[5])});
        } catch (const std::exception &e) {
            m_facts.unknowns.push_back("the long transactions: " + pg::errorFrom(e).message.toStdString());
        }
    }

    void applyTags()
    {
        std::map<std::string, std::set<std::string>> tableTags;
        for (const auto &[name, tags] : m_settings.tableTags)
            tableTags[qualified(name)].insert(tags.begin(), tags.end());
        for (auto &[name, table] : m_facts.tables) {
            if (const auto it = tableTags.find(name); it != tableTags.end())
                table.tags = it->second;
        }
        for (const auto &[name, tags] : m_settings.columnTags) {
            // "table.column" is a public table's column.
            const bool twoParts = std::count(name.begin(), name.end(), '.') == 1;
            m_facts.columnTags[twoParts ? "public." + name : name].insert(tags.begin(), tags.end());
        }
    }

    ReadOnlyTx &m_tx;
    const CatalogReadSettings &m_settings;
    bool m_estimateSizes;
    Facts &m_facts;
    std::unordered_map<std::uint32_t, Facts::Table *> m_byOid;
    std::map<const Facts::Table *, std::string> m_nameOf;
    std::vector<std::string> m_names;
    std::string m_relsSelect;
    std::string m_subject;
};

Result<Facts> readWith(const QString &conninfo, const CatalogReadSettings &settings, bool estimateSizes,
                       const std::function<std::string(pqxx::connection &)> &relationQuery)
{
    auto connection = pg::connect(conninfo);
    if (!connection)
        return connection.error();
    return pg::guarded([&]() -> Facts {
        Facts facts;
        ReadOnlyTx tx(**connection);
        tx.exec_params("select set_config('statement_timeout', $1, true)",
                       std::to_string(settings.statementTimeoutMs));
        Reader(tx, settings, estimateSizes, facts).run(relationQuery(**connection));
        tx.commit();
        return facts;
    });
}

} // namespace

Result<review::CatalogFacts> CatalogReader::read(const QString &conninfo,
                                                 const std::vector<std::string> &relations,
                                                 const CatalogReadSettings &settings)
{
    if (relations.empty())
        return review::CatalogFacts{};
    return readWith(conninfo, settings, false, [&](pqxx::connection &connection) {
        std::string values;
        int ordinal = 0;
        for (const auto &relation : relations) {
            const auto dot = relation.find('.');
            const auto schema =
                dot == std::string::npos ? std::string("null") : connection.quote(relation.substr(0, dot));
            const auto name =
                connection.quote(dot == std::string::npos ? relation : relation.substr(dot + 1));
            values += (values.empty() ? "" : ", ") + std::string("(") + std::to_string(++ordinal) + ", " +
                      schema + "::text, " + name + "::text)";
        }
        return replaced(query::kNamedRelations, "$INPUT", values);
    });
}

Result<review::CatalogFacts> CatalogReader::readAll(const QString &conninfo,
                                                    const CatalogReadSettings &settings)
{
    return readWith(conninfo, settings, true,
                    [](pqxx::connection &) { return std::string(query::kAllRelations); });
}

} // namespace sluice::model
