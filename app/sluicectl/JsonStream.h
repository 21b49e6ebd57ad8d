#pragma once

// `sluicectl lint`'s JSON writer (Lint.cpp): the output of a few files can be tens of megabytes, so it is
// written as it goes rather than built as a QJsonDocument first.

#include <QByteArray>
#include <QString>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::cli {

// Writes JSON as it goes, byte for byte as QJsonDocument::toJson(Indented) would (four-space indent,
// `"key": value`, strings escaped as Qt escapes them), without building the document first: the callers give
// object members in Qt's order, sorted by key. Flushes to stdout in large blocks; or, made with a depth,
// keeps a part of a document (an element of an array that deep) to be given to element() of the stream of the
// whole.
class JsonStream
{
public:
    JsonStream() { m_buffer.reserve(kFlushAt + 4096); }
    explicit JsonStream(std::size_t depth) : m_empty(depth, false), m_part(true)
    {
        if (depth > 0)
            m_empty.back() = true;
    }
    ~JsonStream() { flush(); }
    JsonStream(const JsonStream &) = delete;
    JsonStream &operator=(const JsonStream &) = delete;

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    // How many containers are open: the depth of a part stream for an element written here.
    [[nodiscard]] std::size_t depth() const { return m_empty.size(); }
    void endArray() { close(']'); }
    // Starts an object member; its value follows.
    void key(std::string_view k)
    {
        element();
        string(k);
        m_buffer += ": ";
        m_afterKey = true;
    }
    void value(std::string_view s)
    {
        element();
        string(s);
    }
    void value(const QString &s)
    {
        const auto utf8 = s.toUtf8();
        value(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    }
    void value(std::int64_t n)
    {
        element();
        m_buffer += std::to_string(n);
    }
    void value(bool b)
    {
        element();
        m_buffer += b ? "true" : "false";
    }
    template <class T> void member(std::string_view k, const T &v)
    {
        key(k);
        value(v);
    }
    // An array element written by a part stream of this depth.
    void element(std::string_view part)
    {
        if (!m_empty.back())
            m_buffer += ",\n";
        m_empty.back() = false;
        m_buffer += part;
    }
    // A part stream's text.
    [[nodiscard]] std::string take() { return std::move(m_buffer); }
    // After the document: Qt ends it with a newline.
    void end()
    {
        m_buffer += '\n';
        flush();
    }
    void flushIfFull()
    {
        if (m_buffer.size() >= kFlushAt)
            flush();
    }

private:
    static constexpr std::size_t kFlushAt = 1 << 20;

    void flush()
    {
        if (m_part)
            return;
        std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
        m_buffer.clear();
    }
    void indent() { m_buffer.append(std::size_t(4 * m_empty.size()), ' '); }
    // Before a value: the separator and indent of an array element (a member's value follows its key).
    void element()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_empty.empty())
            return;
        if (!m_empty.back())
            m_buffer += ",\n";
        m_empty.back() = false;
        indent();
    }
    void open(char c)
    {
        element();
        m_buffer += c;
        m_buffer += '\n';
        m_empty.push_back(true);
    }
    void close(char c)
    {
        const bool empty = m_empty.back();
        m_empty.pop_back();
        if (!empty)
            m_buffer += '\n';
        indent();
        m_buffer += c;
    }
    void string(std::string_view s)
    {
        const auto mark = m_buffer.size();
        if (escaped(s, false))
            return;
        // Qt decodes the UTF-8 first, replacing invalid sequences with U+FFFD: do the same, off the fast
        // path.
        m_buffer.resize(mark);
        const auto normalized = QString::fromUtf8(s.data(), qsizetype(s.size())).toUtf8();
        escaped(std::string_view(normalized.constData(), std::size_t(normalized.size())), true);
    }
    // The number of leading bytes of [p, p + n) that JSON takes as they are: printable ASCII other than '"'
    // and '\\', and bytes from 0x80 too if `high`. Eight bytes at a time: most of the output is rule help,
    // long runs without a byte to escape.
    static std::size_t plainRun(const char *p, std::size_t n, bool high)
    {
        static_assert(std::endian::native == std::endian::little, "the lowest byte is the first one");
        constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
        // The lowest byte of the lowest set bit is exact in each test (borrows only run upwards).
        const auto zeroByte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            auto stop =
                zeroByte(w ^ (ones * '"')) | zeroByte(w ^ (ones * '\\')) | ((w - ones * 0x20) & ~w & highs);
            if (!high)
                stop |= w & highs;
            if (stop)
                return i + std::size_t(std::countr_zero(stop) / 8);
        }
        for (; i < n; ++i) {
            const auto u = static_cast<unsigned char>(p[i]);
            if (u < 0x20 || u == '"' || u == '\\' || (!high && u >= 0x80))
                return i;
        }
        return n;
    }
    // Appends s quoted and escaped as Qt escapes it; false, part written, at a byte from 0x80 unless `high`.
    bool escaped(std::string_view s, bool high)
    {
        static constexpr char hex[] = "0123456789abcdef";
        m_buffer += '"';
        for (std::size_t i = 0;;) {
            const auto run = plainRun(s.data() + i, s.size() - i, high);
            m_buffer.append(s.data() + i, run);
            i += run;
            if (i == s.size())
                break;
            const char c = s[i++];
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x80)
                return false;
            m_buffer += '\\';
            switch (c) {
            case '"':
                m_buffer += '"';
                break;
            case '\\':
                m_buffer += '\\';
                break;
            case '\b':
                m_buffer += 'b';
                break;
            case '\f':
                m_buffer += 'f';
                break;
            case '\n':
                m_buffer += 'n';
                break;
            case '\r':
                m_buffer += 'r';
                break;
            case '\t':
                m_buffer += 't';
                break;
            default:
                m_buffer += "u00";
                m_buffer += hex[u >> 4];
                m_buffer += hex[u & 0xF];
            }
        }
        m_buffer += '"';
        return true;
    }

    std::string m_buffer;
    std::vector<bool> m_empty; // per open container: nothing written in it yet
    bool m_afterKey = false;
    bool m_part = false;
};

} // namespace sluice::cli
