#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace sluice::model {

// What went wrong at the model boundary, as a sentence a DBA understands. Exceptions never leave model/.
struct Error
{
    enum class Kind {
        Connection, // the server cannot be reached or the connection broke
        Permission, // the login may not do this
        Conflict,   // someone else changed the change meanwhile, or a stale revision was named
        State,      // the change is not in a state that allows this
        NotFound,   // no such change, target, login ...
        Invalid,    // bad input: empty SQL, too large, malformed
        Schema,     // the queue schema is missing or of a version this build does not know
        InDoubt,    // the connection broke while a write committed: it may or may not have been done
        Internal,   // anything else
    };
    Kind kind = Kind::Internal;
    QString message;
    QString sqlState;
};

template <class T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_value(std::move(error)) {}

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] T &value() { return std::get<T>(m_value); }
    [[nodiscard]] const T &value() const { return std::get<T>(m_value); }
    [[nodiscard]] T &operator*() { return value(); }
    [[nodiscard]] const T &operator*() const { return value(); }
    [[nodiscard]] T *operator->() { return &value(); }
    [[nodiscard]] const T *operator->() const { return &value(); }
    [[nodiscard]] const Error &error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    [[nodiscard]] bool ok() const { return m_ok; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace sluice::model
