#include "Engine.h"

#include "CharClass.h"
#include "LineIndex.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <numeric>

namespace sluice::review {

namespace {

// A finding about a lock or an index on a table that an earlier CREATE TABLE IF NOT EXISTS "created" says why
// the table counts as existing: the CREATE may have found it there already, with data.
void noteMayExist(std::string &message, const StatementFacts &facts)
{
    for (const auto &r : facts.relations) {
        if (!r.mayExist)
            continue;
        std::string lower(message);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        const auto dot = r.relation.rfind('.');
        const auto bare = dot == std::string::npos ? r.relation : r.relation.substr(dot + 1);
        if (lower.find(bare) == std::string::npos ||
            (lower.find("lock") == std::string::npos && lower.find("index") == std::string::npos))
            continue;
        message += " (" + r.relation +
                   " comes from CREATE TABLE IF NOT EXISTS earlier in this file: it may already exist, with "
                   "data, so it is treated as an existing table)";
        return;
    }
}

// The token at a byte offset: an identifier (possibly qualified or quoted), a number, or a single character.
std::size_t tokenEnd(std::string_view sql, std::size_t at, std::size_t limit)
{
    std::size_t i = at;
    const auto word = chars::isIdentifier;
    while (i < limit) {
        if (sql[i] == '"') {
            const auto close = sql.find('"', i + 1);
            i = close == std::string_view::npos ? limit : close + 1;
        } else if (sql[i] == '\'') {
            const auto close = sql.find('\'', i + 1);
            i = close == std::string_view::npos ? limit : close + 1;
            break;
        } else if (word(sql[i])) {
            while (i < limit && word(sql[i]))
                ++i;
        } else {
            break;
        }
        if (i < limit && sql[i] == '.')
            ++i;
        else
            break;
    }
    return std::max(i, std::min(at + 1, limit));
}

struct Directive
{
    std::vector<std::string> ids;
    std::vector<bool> used;
    bool fileLevel = false;
    bool hasReason = false;
    ByteRange range;
    std::size_t statementIndex = 0; // the statement it precedes
};

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// -- sluice-ignore id[, id]: reason      (the next statement)
// -- sluice-ignore-file id[, id]: reason (the whole file)
void parseDirectives(std::string_view sql, std::size_t from, std::size_t to, std::size_t statementIndex,
                     std::vector<Directive> &out)
{
    // Searches stay inside the gap: a search to the end of the file for every gap made the review quadratic.
    const auto gap = sql.substr(0, to);
    std::size_t pos = from;
    while (pos < to) {
        const auto dash = gap.find("--", pos);
        if (dash == std::string_view::npos || dash >= to)
            return;
        auto lineEnd = gap.find('\n', dash);
        if (lineEnd == std::string_view::npos || lineEnd > to)
            lineEnd = to;
        auto body = trim(sql.substr(dash + 2, lineEnd - dash - 2));
        pos = lineEnd;
        constexpr std::string_view file = "sluice-ignore-file", stmt = "sluice-ignore";
        Directive d;
        if (body.rfind(file, 0) == 0) {
            d.fileLevel = true;
            body.remove_prefix(file.size());
        } else if (body.rfind(stmt, 0) == 0) {
            body.remove_prefix(stmt.size());
        } else {
            continue;
        }
        if (!body.empty() && !std::isspace(static_cast<unsigned char>(body.front())) && body.front() != ':')
            continue; // "sluice-ignored", not a directive
        const auto colon = body.find(':');
        const auto ids = body.substr(0, colon);
        d.hasReason = colon != std::string_view::npos && !trim(body.substr(colon + 1)).empty();
        std::size_t start = 0;
        while (start <= ids.size()) {
            const auto comma = ids.find(',', start);
            const auto id = trim(
                ids.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            if (!id.empty())
                d.ids.emplace_back(id);
            if (comma == std::string_view::npos)
                break;
            start = comma + 1;
        }
        d.used.assign(d.ids.size(), false);
        d.range = {dash, lineEnd};
        d.statementIndex = statementIndex;
        out.push_back(std::move(d));
    }
}

} // namespace

bool enabled(const Rule &rule, const Config &config)
{
    if (config.ruleSeverity.empty())
        return !rule.optIn ||
               (!config.enabledOptIn.empty() && config.enabledOptIn.count(std::string(rule.id)));
    if (const auto it = config.ruleSeverity.find(std::string(rule.id));
        it != config.ruleSeverity.end() && !it->second)
        return false;
    return !rule.optIn || config.enabledOptIn.count(std::string(rule.id));
}

Severity severityOf(const Rule &rule, const Config &config)
{
    if (config.ruleSeverity.empty())
        return rule.severity;
    const auto it = config.ruleSeverity.find(std::string(rule.id));
    return it != config.ruleSeverity.end() && it->second ? *it->second : rule.severity;
}

namespace {

// Watches a review's budget: the time is read every few statements, since a rule's check of one statement
// takes microseconds.
class BudgetWatch
{
public:
    using Clock = std::chrono::steady_clock;
    explicit BudgetWatch(const Budget &budget) : m_budget(budget), m_start(now()) {}

    // Whether the time ran out; reads the clock on every 64th call.
    bool timeUp()
    {
        if (m_budget.time.count() <= 0 || (++m_calls & 63) != 0)
            return false;
        return now() - m_start >= m_budget.time;
    }
    [[nodiscard]] bool overMemory(std::size_t bytes) const
    {
        return m_budget.memoryBytes > 0 && bytes > m_budget.memoryBytes;
    }
    [[nodiscard]] double seconds() const { return std::chrono::duration<double>(now() - m_start).count(); }

private:
    [[nodiscard]] Clock::time_point now() const { return m_budget.clock ? m_budget.clock() : Clock::now(); }
    const Budget &m_budget;
    Clock::time_point m_start;
    std::uint64_t m_calls = 0;
};

std::string oneDecimal(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

} // namespace

std::optional<Severity> Review::maxSeverity() const
{
    std::optional<Severity> max;
    for (const auto &f : findings)
        max = max ? std::max(*max, f.severity) : f.severity;
    return max;
}

RuleContext::RuleContext(const Rule &rule, std::string_view sql, std::span<const StatementView> all,
                         std::size_t index, const Config &config, const CatalogFacts *catalog,
                         ReportSink &sink, FileMemo *memo)
    : m_rule(rule), m_sql(sql), m_all(all), m_index(index), m_config(config), m_catalog(catalog),
      m_sink(sink), m_memo(memo)
{
}

std::string_view RuleContext::text() const
{
    if (m_index >= m_all.size())
        return {};
    return m_all[m_index].range.in(m_sql);
}

void RuleContext::report(std::string message, Node at, std::string help, std::optional<Severity> severity)
{
    reportAt(m_index, std::move(message), at, std::move(help), severity);
}

void RuleContext::reportAt(std::size_t statementIndex, std::string message, Node at, std::string help,
                           std::optional<Severity> severity)
{
    const auto &range = m_all[statementIndex].range;
    const int location = at.valid() ? at.location() : -1;
    const bool onNode =
        location >= 0 && std::size_t(location) >= range.begin && std::size_t(location) < range.end;
    const ByteRange where =
        onNode ? ByteRange{std::size_t(location), tokenEnd(m_sql, std::size_t(location), range.end)} : range;
    const auto current = m_index;
    m_index = statementIndex;
    reportRange(std::move(message), where, std::move(help), severity);
    m_index = current;
}

void RuleContext::reportRange(std::string message, ByteRange range, std::string help,
                              std::optional<Severity> severity)
{
    Finding f;
    f.ruleId = std::string(m_rule.id);
    f.severity = severity.value_or(m_rule.severity);
    f.range = range;
    f.message = std::move(message);
    noteMayExist(f.message, m_all[m_index].facts);
    f.help = help.empty() ? std::string(m_rule.help) : std::move(help);
    f.statementIndex = m_index;
    m_sink.findings.push_back(std::move(f));
    m_sink.requested.push_back(severity);
}

Review lint(std::string_view sql, const Config &config, const CatalogFacts *catalog, const Budget &budget)
{
    Review review;
    BudgetWatch watch(budget);
    review.script = parseScript(sql);
    const auto &statements = review.script.statements;
    // Where the budget ran out: the statement, and why.
    std::optional<std::size_t> stoppedAt;
    std::string why;
    std::size_t treeBytes = 0;
    for (const auto &tree : review.script.trees)
        treeBytes += tree->bytes();
    if (watch.overMemory(treeBytes)) {
        stoppedAt = 0;
        why = "its parse trees take " + std::to_string(treeBytes / 1048576) +
              " MiB, over the memory budget of " + std::to_string(budget.memoryBytes / 1048576) + " MiB";
    }
    auto outOfTime = [&](std::size_t at) {
        if (stoppedAt || !watch.timeUp())
            return bool(stoppedAt);
        stoppedAt = at;
        why = "the time budget of " + oneDecimal(double(budget.time.count()) / 1000) + " s ran out";
        return true;
    };

    ScriptState state;
    state.inTransaction = config.assumeInTransaction;
    review.statements.reserve(statements.size());
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (outOfTime(i))
            break;
        StatementView view;
        view.range = statements[i].range;
        view.tree = statements[i].tree;
        view.stateBefore = state;
        if (view.tree) {
            view.facts = analyzeStatement(view.tree, state, config);
            state.apply(view.tree, view.facts, i);
        }
        review.statements.push_back(std::move(view));
    }

    ReportSink sink;
    FileMemo memo;
    const std::span<const StatementView> all(review.statements);
    std::vector<std::string_view> kinds;
    kinds.reserve(all.size());
    for (const auto &view : all)
        kinds.push_back(view.tree.kind());
    for (const Rule *rule : allRules()) {
        if (stoppedAt)
            break;
        if (!enabled(*rule, config))
            continue;
        const auto first = sink.findings.size();
        const auto lookupsBefore = lookups;
        if (rule->check) {
            for (std::size_t i = 0; i < all.size(); ++i) {
                if (!all[i].tree || !rule->looksAt(kinds[i]))
                    continue;
                if (outOfTime(i)) {
                    why += " (in rule " + std::string(rule->id) + ")";
                    break;
                }
                RuleContext ctx(*rule, sql, all, i, config, catalog, sink, &memo);
                rule->check(ctx);
            }
        }
        if (rule->finish && !all.empty() && !stoppedAt) {
            FileContext ctx(*rule, sql, all, all.size() - 1, config, catalog, sink, &memo);
            ctx.setFinalState(state);
            rule->finish(ctx);
        }
        const auto severity = severityOf(*rule, config);
        for (auto i = first; i < sink.findings.size(); ++i)
            sink.findings[i].severity = sink.requested[i].value_or(severity);
        review.ruleLookups[std::string(rule->id)] += lookups - lookupsBefore;
    }

    if (review.script.error) {
        if (const Rule *syntax = findRule("syntax-error"); syntax && enabled(*syntax, config)) {
            const auto &e = *review.script.error;
            const auto &statement = statements.at(e.statementIndex);
            Finding f{std::string(syntax->id),
                      severityOf(*syntax, config),
                      {e.position.offset, statement.range.end},
                      {},
                      {},
                      e.message,
                      std::string(syntax->help),
                      e.statementIndex};
            sink.findings.push_back(std::move(f));
        }
    }

    // Suppressions: directives in the comments before each statement, and file-wide ones.
    std::vector<Directive> directives;
    std::size_t gapStart = 0;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        parseDirectives(sql, gapStart, statements[i].range.begin, i, directives);
        gapStart = statements[i].range.end;
    }
    parseDirectives(sql, gapStart, sql.size(), statements.size(), directives);
    if (!directives.empty()) {
        std::vector<Finding> kept;
        for (auto &f : sink.findings) {
            bool suppressed = false;
            for (auto &d : directives) {
                if (!d.fileLevel && d.statementIndex != f.statementIndex)
                    continue;
                for (std::size_t k = 0; k < d.ids.size(); ++k) {
                    if (d.ids[k] == f.ruleId) {
                        d.used[k] = true;
                        suppressed = true;
                    }
                }
            }
            if (!suppressed)
                kept.push_back(std::move(f));
        }
        sink.findings = std::move(kept);
        const Rule *unused = findRule("unused-ignore");
        const Rule *noReason = findRule("suppression-without-reason");
        for (const auto &d : directives) {
            const auto index = std::min(d.statementIndex, statements.empty() ? 0 : statements.size() - 1);
            if (noReason && enabled(*noReason, config) && !d.hasReason) {
                sink.findings.push_back({std::string(noReason->id),
                                         severityOf(*noReason, config),
                                         d.range,
                                         {},
                                         {},
                                         "this suppression gives no reason; write one after a colon: "
                                         "-- sluice-ignore <rule>: why it is safe here",
                                         std::string(noReason->help),
                                         index});
            }
            for (std::size_t k = 0; k < d.ids.size(); ++k) {
                if (d.used[k] || !unused || !enabled(*unused, config))
                    continue;
                const bool known = findRule(d.ids[k]) != nullptr;
                sink.findings.push_back({std::string(unused->id),
                                         severityOf(*unused, config),
                                         d.range,
                                         {},
                                         {},
                                         known ? "the suppression of " + d.ids[k] + " suppressed nothing"
                                               : "there is no rule named " + d.ids[k],
                                         std::string(unused->help),
                                         index});
            }
        }
    }

    // After the suppressions, which cannot hide it, and whatever the configuration: a review that stopped
    // is never clean.
    if (stoppedAt) {
        review.stopped = true;
        const auto at = std::min(*stoppedAt, statements.empty() ? 0 : statements.size() - 1);
        const ByteRange range = statements.empty() ? ByteRange{0, sql.size()} : statements[at].range;
        sink.findings.push_back({std::string(kBudgetExceeded),
                                 Severity::Error,
                                 range,
                                 {},
                                 {},
                                 "review stopped after " + oneDecimal(watch.seconds()) + " s at statement " +
                                     std::to_string(*stoppedAt + 1) + " of " +
                                     std::to_string(statements.size()) + ": " + why +
                                     ". The findings are incomplete: count this change as risk unknown",
                                 "The statements after this one were not reviewed. Split the migration into "
                                 "smaller changes, or ask an administrator to raise the review budget.",
                                 at});
    }

    const LineIndex lines(sql);
    for (auto &f : sink.findings) {
        f.start = lines.at(f.range.begin);
        f.end = lines.at(f.range.end);
    }
    // Sorted by position, then rule: indices are sorted and each finding moved once, since a Finding is
    // several strings.
    auto &found = sink.findings;
    std::vector<std::uint32_t> order(found.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        const auto &a = found[x], &b = found[y];
        return a.range.begin != b.range.begin ? a.range.begin < b.range.begin : a.ruleId < b.ruleId;
    });
    review.findings.reserve(found.size());
    for (const auto i : order)
        review.findings.push_back(std::move(found[i]));
    return review;
}

} // namespace sluice::review
