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

} // namespace sluice::review::rules
