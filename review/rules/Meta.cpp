// Meta rules: reported by the engine itself (parse failures and suppressions), registered here so that they
// have an id, a severity, help and a doc page like every other rule, and can be configured.

#include "Rule.h"

namespace sluice::review::rules {

extern const Rule syntaxError{"syntax-error",
                              Severity::Error,
                              false,
                              "The SQL does not parse as PostgreSQL 15.",
                              "PostgreSQL would refuse this statement, and nothing after a failing statement "
                              "in the same transaction runs. "
                              "Fix the SQL; statements after the broken one are still reviewed.",
                              nullptr,
                              nullptr};

extern const Rule unusedIgnore{
    "unused-ignore",
    Severity::Warning,
    false,
    "A sluice-ignore directive that suppressed nothing.",
    "A stale suppression hides the next real finding of that rule. Remove it, or fix the rule id it names.",
    nullptr,
    nullptr};

extern const Rule suppressionWithoutReason{
    "suppression-without-reason",
    Severity::Warning,
    false,
    "A sluice-ignore directive without a reason.",
    "A suppression is a decision a reviewer must be able to check. Write why it is safe after a colon: "
    "-- sluice-ignore ban-drop-column: the column was unused since release 41.",
    nullptr,
    nullptr};

extern const Rule reviewBudgetExceeded{
    "review-budget-exceeded",
    Severity::Error,
    false,
    "The review ran out of its time or memory budget before the end of the migration.",
    "The statements after the point where the review stopped were not checked, so the change's risk is "
    "unknown. Split the migration into smaller files (a schema dump or a generated seed rarely needs to be "
    "one "
    "change), or ask an administrator to raise the review budget.",
    nullptr,
    nullptr};

} // namespace sluice::review::rules
