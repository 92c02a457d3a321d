#include "common/json_text.hpp"

#include <charconv>
#include <string_view>

namespace advieslijn {
namespace {

// The length of the valid UTF-8 sequence at s[i] (a byte of 0x80 or more), or 0 when it is not
// one: no overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629, as nlohmann checks).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    auto cont = [&](std::size_t k) { return k < s.size() && (at(k) & 0xC0U) == 0x80U; };
    const unsigned char c = at(i);
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        const unsigned char d = at(i + 1);
        if (c == 0xE0 && d < 0xA0) return 0;  // overlong
        if (c == 0xED && d > 0x9F) return 0;  // a surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        const unsigned char d = at(i + 1);
        if (c == 0xF0 && d < 0x90) return 0;  // overlong
        if (c == 0xF4 && d > 0x8F) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

// Unlike json_escape of common/log.cpp, which writes log lines and must never throw, this
// checks UTF-8 as dump() does.
void append_string(std::string& out, std::string_view s) {
    const std::size_t start = out.size();
    out.push_back('"');
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_sequence(s, i);
            if (n == 0) {
                // Not UTF-8: whatever dump() makes of it, its own error (type_error 316) or,
                // should it accept what this check refuses, its text.
                out.resize(start);
                out += nlohmann::json(std::string(s)).dump();
                return;
            }
            i += n;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out.append(s.data() + run, i - run);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out.push_back(hex[c >> 4U]);
                out.push_back(hex[c & 0xFU]);
            }
        }
        run = ++i;
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

template <class Int>
void append_integer(std::string& out, Int v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

}  // namespace

void append_json_text(std::string& out, const nlohmann::json& j) {
    using value_t = nlohmann::json::value_t;
    switch (j.type()) {
        case value_t::object: {
            out.push_back('{');
            bool first = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (!first) out.push_back(',');
                first = false;
                append_string(out, it.key());
                out.push_back(':');
                append_json_text(out, it.value());
            }
            out.push_back('}');
            return;
        }
        case value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& value : j) {
                if (!first) out.push_back(',');
                first = false;
                append_json_text(out, value);
            }
            out.push_back(']');
            return;
        }
        case value_t::string: append_string(out, j.get_ref<const std::string&>()); return;
        case value_t::boolean: out += j.get<bool>() ? "true" : "false"; return;
        case value_t::null: out += "null"; return;
        case value_t::number_integer: append_integer(out, j.get<std::int64_t>()); return;
        case value_t::number_unsigned: append_integer(out, j.get<std::uint64_t>()); return;
        default: out += j.dump(); return;  // floats (nlohmann's shortest form), binary, discarded
    }
}

std::string json_text(const nlohmann::json& j) {
    std::string out;
    append_json_text(out, j);
    return out;
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!started_.empty()) {
        if (started_.back()) out_.push_back(',');
        started_.back() = true;
    }
}

JsonWriter& JsonWriter::open(char bracket) {
    before_value();
    out_.push_back(bracket);
    started_.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    out_.push_back(bracket);
    started_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{'); }
JsonWriter& JsonWriter::end_object() { return close('}'); }
JsonWriter& JsonWriter::begin_array() { return open('['); }
JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    append_string(out_, name);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    before_value();
    append_string(out_, s);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    before_value();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
    before_value();
    append_integer(out_, n);
    return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& strings) {
    begin_array();
    for (const auto& s : strings) value(s);
    return end_array();
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::text_or_null(std::string_view name, std::string_view s) {
    key(name);
    return s.empty() ? null() : value(s);
}

}  // namespace advieslijn
