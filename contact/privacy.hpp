#pragma once
// Erasure and access on request (AVG/GDPR; docs/privacy.md): everything the line keeps about
// one phone number in one tenant — callback tasks and their history, other tasks' texts that
// quote it, SMS threads, calls in progress, chat sessions, idempotency keys, the
// repeat-contact index — found, exported as JSON, or erased. The number counts in every
// spelling common/phone.hpp parses; statistics counters are not personal data and stay.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "callbacks/result.hpp"
#include "callbacks/service.hpp"
#include "contact/conversation_store.hpp"
#include "contact/tasks.hpp"

namespace advieslijn::contact {

// What one erasure removed, by kind.
struct ErasureReport {
    callbacks::NumberErased tasks;
    std::size_t sms_threads = 0;
    std::size_t voice_calls = 0;
    std::size_t chat_sessions = 0;
};
// {"tasks_cancelled":…, "tasks_erased":…, …, "chat_sessions":…, "total":…}
nlohmann::json to_json(const ErasureReport& r);
// "tasks_erased 2, tasks_cancelled 1, …": the audit entry's detail (counts, no number).
std::string audit_detail(const ErasureReport& r);

class Privacy {
  public:
    // Both must outlive this object.
    Privacy(Services& services, ConversationStore& store) : services_(services), store_(store) {}

    // The number in E.164, or invalid_input naming `number` (and saying why).
    static callbacks::Result<std::string> parse_number(std::string_view text);

    // Everything held about the number in `tenant`, as one JSON object (right of access).
    // invalid_input for an unknown tenant or a bad number; unavailable when Redis failed.
    asio::awaitable<callbacks::Result<nlohmann::json>> export_number(std::string tenant,
                                                                     std::string number);
    // Removes the number everywhere in `tenant` and writes an audit entry by `actor` with the
    // counts (never the number). Erasing a number nobody holds removes nothing and succeeds.
    asio::awaitable<callbacks::Result<ErasureReport>> erase(std::string tenant, std::string number,
                                                            std::string actor);

  private:
    struct Conversations;
    asio::awaitable<callbacks::Result<Conversations>> conversations(const std::string& tenant,
                                                                    const std::string& e164);
    callbacks::Result<callbacks::Service*> service_for(const std::string& tenant);

    Services& services_;
    ConversationStore& store_;
};

}  // namespace advieslijn::contact
