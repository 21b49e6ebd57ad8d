#pragma once

// Internal to model/: the one place that turns libpqxx exceptions into Error values.

#include "queue/Result.h"

#include <QDateTime>
#include <QString>
#include <exception>
#include <memory>
#include <pqxx/pqxx>
#include <type_traits>

namespace sluice::model::pg {

[[nodiscard]] Error errorFrom(const std::exception &e);
// The SQLSTATE of a server error, also where libpqxx leaves it empty.
[[nodiscard]] std::string sqlStateOf(const pqxx::sql_error &e);

// Opens a connection; errors carry the libpq reason.
[[nodiscard]] Result<std::unique_ptr<pqxx::connection>> connect(const QString &conninfo);

inline std::string str(const QString &s)
{
    return s.toStdString();
}
inline QString qstr(const pqxx::field &f)
{
    return f.is_null() ? QString() : QString::fromUtf8(f.c_str());
}
inline QByteArray bytes(const pqxx::field &f)
{
    return f.is_null() ? QByteArray() : QByteArray(f.c_str(), int(f.size()));
}
QDateTime timestamp(const pqxx::field &f);

template <class T> struct AsResult
{
    using type = Result<T>;
};
template <class T> struct AsResult<Result<T>>
{
    using type = Result<T>;
};

// Runs f, turning any exception into an Error. f returns a value, a Result, or nothing.
template <class F> auto guarded(F &&f) -> typename AsResult<std::invoke_result_t<F>>::type
{
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
            f();
            return {};
        } else {
            return f();
        }
    } catch (const std::exception &e) {
        return errorFrom(e);
    }
}

} // namespace sluice::model::pg
