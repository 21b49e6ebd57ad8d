#include "queue/SqlText.h"

#include <algorithm>

namespace sluice::model {
namespace {

// Length of the UTF-8 sequence starting at i, or 0 if it is not a valid one (overlongs and surrogates
// included).
int validSequenceLength(const QByteArray &s, qsizetype i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80)
        return 1;
    int length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        lo = b0 == 0xE0 ? 0xA0 : 0x80;
        hi = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        lo = b0 == 0xF0 ? 0x90 : 0x80;
        hi = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + length > s.size())
        return 0;
    for (int k = 1; k < length; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
            return 0;
    }
    return length;
}

} // namespace

BoundedRead readBounded(QIODevice &device, qint64 limit)
{
    BoundedRead result;
    char buffer[65536];
    for (;;) {
        const auto n = device.read(buffer, sizeof buffer);
        if (n < 0) {
            result.ok = false;
            break;
        }
        if (n == 0) // a blocking read returns 0 only at the end of the input
            break;
        result.totalBytes += n;
        const auto room = limit + 1 - result.data.size();
        if (room > 0)
            result.data.append(buffer, std::min<qint64>(room, n));
    }
    return result;
}

Result<void> validateSqlText(const QByteArray &sql, qint64 totalBytes)
{
    if (sql.size() > kMaxSqlBytes) {
        return Error{Error::Kind::Invalid,
                     QStringLiteral("the SQL is %1 bytes; a revision may be at most 4 MiB (%2 bytes)")
                         .arg(std::max<qint64>(totalBytes, sql.size()))
                         .arg(kMaxSqlBytes),
                     {}};
    }
    if (sql.trimmed().isEmpty())
        return Error{
            Error::Kind::Invalid, QStringLiteral("the SQL is empty: there is nothing to review"), {}};
    int line = 1;
    for (qsizetype i = 0; i < sql.size();) {
        if (sql[i] == '\0') {
            return Error{Error::Kind::Invalid,
                         QStringLiteral("the SQL contains a NUL byte at line %1 (byte %2)").arg(line).arg(i),
                         {}};
        }
        const int length = validSequenceLength(sql, i);
        if (length == 0) {
            return Error{Error::Kind::Invalid,
                         QStringLiteral("the SQL is not valid UTF-8: bad byte 0x%1 at line %2 (byte %3)")
                             .arg(static_cast<unsigned char>(sql[i]), 2, 16, QLatin1Char('0'))
                             .arg(line)
                             .arg(i),
                         {}};
        }
        if (sql[i] == '\n')
            ++line;
        i += length;
    }
    return {};
}

} // namespace sluice::model
