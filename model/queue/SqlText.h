#pragma once

#include "queue/Result.h"

#include <QByteArray>
#include <QIODevice>

namespace sluice::model {

// The largest migration a revision may hold; the queue database enforces the same limit.
inline constexpr qsizetype kMaxSqlBytes = 4 * 1024 * 1024;

// Checks migration text before it is sent: not empty, at most 4 MiB, valid UTF-8 without NUL bytes. The error
// names the line of the first bad byte.
// totalBytes is the input's real size when sql holds only its first kMaxSqlBytes + 1 bytes (see readBounded).
[[nodiscard]] Result<void> validateSqlText(const QByteArray &sql, qint64 totalBytes = -1);

// What readBounded read: at most limit + 1 bytes of the input, and the input's real size.
struct BoundedRead
{
    QByteArray data;
    qint64 totalBytes = 0;
    bool ok = true;
};

// Reads a device to its end (a pipe delivers in chunks: one read() is not the whole input), keeping at most
// limit + 1 bytes and counting the rest, so that an oversize input is refused with its real size.
[[nodiscard]] BoundedRead readBounded(QIODevice &device, qint64 limit = kMaxSqlBytes);

} // namespace sluice::model
