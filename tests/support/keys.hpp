#pragma once
// The Redis keys of a conversation as contact/conversation_store.hpp names them, for tests
// that look at Redis directly.
#include <string>

namespace advieslijn::test {

// The session hash of a chat id "<tenant>.<token>".
inline std::string chat_key(const std::string& id) {
    const auto dot = id.find('.');
    return "chat:{" + id.substr(0, dot) + "}:session:" + id.substr(dot + 1);
}
inline std::string chat_messages_key(const std::string& id) { return chat_key(id) + ":messages"; }
inline std::string voice_key(const std::string& tenant, const std::string& call_sid) {
    return "voice:{" + tenant + "}:call:" + call_sid;
}

// An SMS or WhatsApp thread: the sender as Twilio sends it ("+316…", "whatsapp:+316…").
inline std::string sms_key(const std::string& tenant, const std::string& from) {
    return "sms:{" + tenant + "}:" + from;
}

}  // namespace advieslijn::test
