#pragma once
// A compact record format for conversation state kept in Redis (voice calls, SMS threads):
// a tag line, then each field as "<decimal length>:<bytes>". Writing is an append and reading
// a copy per field, with no escaping. The state is written and read on every step of every
// call; as JSON, nlohmann's byte-by-byte escaping and parsing of the stored TwiML was the
// largest single cost of a voice step in `perf`.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace advieslijn::routing {

class RecordWriter {
  public:
    explicit RecordWriter(std::string_view tag);
    RecordWriter& add(std::string_view value);
    RecordWriter& add(int value);
    RecordWriter& add(bool value);
    RecordWriter& add(const std::vector<std::string>& values);  // count, then each value
    std::string take() { return std::move(out_); }  // leaves the writer empty

  private:
    std::string out_;
};

// Reads the fields back in the order they were written. Any malformed or missing field makes
// ok() false for good; callers check it once at the end.
class RecordReader {
  public:
    RecordReader(std::string_view text, std::string_view tag);
    bool ok() const { return ok_; }
    bool at_end() const { return rest_.empty(); }
    std::string_view next();
    void read(std::string& out) { out = next(); }
    void read(int& out);
    void read(bool& out);
    void read(std::vector<std::string>& out);
    std::size_t count();  // a list's length, refused when it cannot fit in what is left

  private:
    std::string_view rest_;
    bool ok_ = true;
};

}  // namespace advieslijn::routing
