#pragma once

#include "queue/Result.h"

#include <QByteArray>

namespace sluice::model {

// The largest migration a revision may hold; the queue database enforces the same limit.
inline constexpr qsizetype kMaxSqlBytes = 4 * 1024 * 1024;

// Checks migration text before it is sent: not empty, at most 4 MiB, valid UTF-8 without NUL bytes. The error
// names the line of the first bad byte.
[[nodiscard]] Result<void> validateSqlText(const QByteArray &sql);

} // namespace sluice::model
