#pragma once

// The contract between the engine and a rule. A rule is a pure function in its own file under rules/,
// registered once in rules/AllRules.cpp:
//
//   namespace sluice::review::rules {
//   namespace {
//   void check(RuleContext &ctx)
//   {
//       const auto index = ctx.statement().as("IndexStmt");
//       if (!index || index["concurrent"].boolean() || ctx.state().isNew(index["relation"]))
//           return;
//       ctx.report("CREATE INDEX without CONCURRENTLY blocks writes to " + ...,  index["relation"]);
//   }
//   } // namespace
//   extern const Rule requireConcurrentIndexCreation{"require-concurrent-index-creation", Severity::Error,
//   ...};
//   }

#include "CatalogFacts.h"
#include "Config.h"
#include "Finding.h"
#include "ParseTree.h"
#include "ScriptState.h"
#include "StatementFacts.h"

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

class RuleContext;
class FileContext;

struct Rule
{
    std::string_view id;                        // the catalog's kebab-case id
    Severity severity;                          // default severity
    bool optIn;                                 // a policy rule: off unless the configuration switches it on
    std::string_view summary;                   // one line: what it catches
    std::string_view help;                      // why it matters and the safe alternative
    void (*check)(RuleContext &ctx) = nullptr;  // once per statement that parses
    void (*finish)(FileContext &ctx) = nullptr; // once per file, after every statement
    // The statement kinds check can report on ("AlterTableStmt"); empty: any. The engine calls check only on
    // those, which spares most of the calls: most rules look at one kind of statement.
    std::array<std::string_view, 2> kinds{};

    [[nodiscard]] bool looksAt(std::string_view kind) const
    {
        return kinds[0].empty() || kinds[0] == kind || kinds[1] == kind;
    }
};

// One statement as the engine saw it: its parse tree, its facts and the state before it.
struct StatementView
{
    ByteRange range; // the statement's bytes in the migration
    Node tree;       // wrapper node, e.g. {"AlterTableStmt": {...}}; invalid if the statement does not parse
    StatementFacts facts;
    ScriptState stateBefore;
};

struct ReportSink
{
    std::vector<Finding> findings;
    // Per finding: a severity the rule chose for that finding (e.g. info for a type change known to be
    // binary-coercible), which the rule's configured severity does not replace.
    std::vector<std::optional<Severity>> requested;
};

// Facts about the whole file that several rules need at every statement (the indexes the file creates and
// drops, the relations it creates): each is computed once per file, on first use, and shared by the rules,
// instead of every rule rescanning the earlier statements for every statement it checks. A fact is a type T
// with `static T compute(const RuleContext &ctx)` that reads only ctx.all(), ctx.config() and ctx.catalog().
class FileMemo
{
public:
    template <class T> const T &get(const RuleContext &ctx)
    {
        for (const auto &slot : m_slots) {
            if (slot.key == &keyOf<T>)
                return *static_cast<const T *>(slot.value.get());
        }
        auto value = std::make_shared<const T>(T::compute(ctx));
        const T &ref = *value;
        m_slots.push_back({&keyOf<T>, std::move(value)});
        return ref;
    }

private:
    template <class T> static constexpr char keyOf = 0;
    struct Slot
    {
        const void *key;
        std::shared_ptr<const void> value;
    };
    std::vector<Slot> m_slots;
};

class RuleContext
{
public:
    // `memo` is shared by every rule run on the same file; without one, the context keeps its own.
    RuleContext(const Rule &rule, std::string_view sql, std::span<const StatementView> all, std::size_t index,
                const Config &config, const CatalogFacts *catalog, ReportSink &sink,
                FileMemo *memo = nullptr);

    [[nodiscard]] Node statement() const { return m_all[m_index].tree; }
    [[nodiscard]] const StatementFacts &facts() const { return m_all[m_index].facts; }
    [[nodiscard]] const ScriptState &state() const { return m_all[m_index].stateBefore; }
    [[nodiscard]] std::size_t index() const { return m_index; }
    [[nodiscard]] std::span<const StatementView> previous() const { return m_all.first(m_index); }
    [[nodiscard]] std::span<const StatementView> all() const { return m_all; }
    // The SQL text of this statement, and of the whole migration.
    [[nodiscard]] std::string_view text() const;
    [[nodiscard]] std::string_view sql() const { return m_sql; }
    [[nodiscard]] const Config &config() const { return m_config; }
    [[nodiscard]] const CatalogFacts *catalog() const { return m_catalog; }
    [[nodiscard]] int pgVersion() const { return m_config.pgVersion; }
    // A per-file fact (see FileMemo), computed on the first call for this file.
    template <class T> [[nodiscard]] const T &memo() const
    {
        return (m_memo ? *m_memo : m_ownMemo).get<T>(*this);
    }

    // Reports a finding at a node (its token), or the whole statement when the node has no location. A
    // severity
    // given here is this finding's own (e.g. info for a change known to be harmless); otherwise the rule's
    // applies.
    void report(std::string message, Node at = {}, std::string help = {},
                std::optional<Severity> severity = {});
    void reportRange(std::string message, ByteRange range, std::string help = {},
                     std::optional<Severity> severity = {});
    // Reports at another statement (file-level rules).
    void reportAt(std::size_t statementIndex, std::string message, Node at = {}, std::string help = {},
                  std::optional<Severity> severity = {});

private:
    const Rule &m_rule;
    std::string_view m_sql;
    std::span<const StatementView> m_all;
    std::size_t m_index;
    const Config &m_config;
    const CatalogFacts *m_catalog;
    ReportSink &m_sink;
    FileMemo *m_memo;
    mutable FileMemo m_ownMemo;
};

// A rule's view of the whole file, for checks that need the end (an unclosed transaction) or pairs of
// statements.
class FileContext : public RuleContext
{
public:
    using RuleContext::RuleContext;
    // The state after the last statement.
    [[nodiscard]] const ScriptState &finalState() const { return m_final; }
    void setFinalState(const ScriptState &state) { m_final = state; }

private:
    ScriptState m_final;
};

// The registry: every rule, in catalog order.
[[nodiscard]] std::span<const Rule *const> allRules();
[[nodiscard]] const Rule *findRule(std::string_view id);

} // namespace sluice::review
