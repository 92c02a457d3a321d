#pragma once
// What a log line knows besides its message: the request it belongs to, and the access log's
// fields. Kept apart from log.hpp so that the many files that only log need not know it.
#include <cstddef>
#include <string>
#include <string_view>

namespace advieslijn {

// The request id of the work running on this thread, or nullptr. Every log line carries
// it (text: "req=<id>", JSON: a "request_id" field), and so do the task history entries
// and events a request causes (callbacks/service.cpp). The gateway sets it around each
// piece of a request's work (gateway/request_id.hpp), so it survives co_await.
const std::string* current_request_id();

// Sets the current request id for this scope (nullptr: none) and restores the one before.
class RequestIdScope {
public:
    explicit RequestIdScope(const std::string* id);
    ~RequestIdScope();
    RequestIdScope(const RequestIdScope&) = delete;
    RequestIdScope& operator=(const RequestIdScope&) = delete;

private:
    const std::string* previous_;
};

// One line of the HTTP access log: in JSON mode its fields are fields of the log object
// (so a log pipeline can filter on status or route without parsing the message), in text
// mode the familiar one-line form. `target` must already have phone numbers masked.
struct AccessEntry {
    std::string_view remote;
    std::string_view method;  // empty for a request refused before it could be read
    std::string_view target;
    unsigned status = 0;
    std::size_t bytes = 0;
    double duration_ms = 0;
    std::string_view refused;  // why the request was refused unread; empty otherwise
};
void log_access(const AccessEntry& entry);

}  // namespace advieslijn
