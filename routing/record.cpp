#include "routing/record.hpp"

#include <charconv>

namespace advieslijn::routing {

RecordWriter::RecordWriter(std::string_view tag) {
    out_.reserve(256);
    out_.append(tag);
    out_ += '\n';
}

RecordWriter& RecordWriter::add(std::string_view value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value.size()).ptr;
    out_.append(digits, end);
    out_ += ':';
    out_.append(value);
    return *this;
}

RecordWriter& RecordWriter::add(int value) {
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    return add(std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

RecordWriter& RecordWriter::add(bool value) { return add(std::string_view(value ? "1" : "0")); }

RecordWriter& RecordWriter::add(const std::vector<std::string>& values) {
    add(static_cast<int>(values.size()));
    for (const auto& v : values) add(std::string_view(v));
    return *this;
}

RecordReader::RecordReader(std::string_view text, std::string_view tag) {
    if (text.size() <= tag.size() || text.substr(0, tag.size()) != tag || text[tag.size()] != '\n') {
        ok_ = false;
        return;
    }
    rest_ = text.substr(tag.size() + 1);
}

std::string_view RecordReader::next() {
    if (!ok_) return {};
    std::size_t len = 0;
    const char* first = rest_.data();
    const char* last = first + rest_.size();
    const auto [p, ec] = std::from_chars(first, last, len);
    if (ec != std::errc{} || p == first || p == last || *p != ':' ||
        len > static_cast<std::size_t>(last - p - 1)) {
        ok_ = false;
        rest_ = {};
        return {};
    }
    std::string_view value(p + 1, len);
    rest_.remove_prefix(static_cast<std::size_t>(p + 1 - first) + len);
    return value;
}

void RecordReader::read(int& out) {
    const auto v = next();
    if (!ok_) return;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc{} || p != v.data() + v.size() || v.empty()) ok_ = false;
}

void RecordReader::read(bool& out) {
    const auto v = next();
    if (v == "1")
        out = true;
    else if (v == "0")
        out = false;
    else
        ok_ = false;
}

std::size_t RecordReader::count() {
    int n = 0;
    read(n);
    // Every item takes at least two bytes ("0:"), so a count larger than that is corrupt.
    if (!ok_ || n < 0 || static_cast<std::size_t>(n) > rest_.size() / 2) {
        ok_ = false;
        return 0;
    }
    return static_cast<std::size_t>(n);
}

void RecordReader::read(std::vector<std::string>& out) {
    out.clear();
    const std::size_t n = count();
    out.reserve(n);
    for (std::size_t i = 0; i < n && ok_; ++i) out.emplace_back(next());
}

}  // namespace advieslijn::routing
