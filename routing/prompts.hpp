#pragma once
// Every sentence the line says or sends, in Dutch and English. Warm, short, clear: people
// call at night, worried, often with a crying child nearby.
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"

namespace advieslijn::routing::prompts {

// "0612345678" -> "0 6 1 2 3 4 5 6 7 8": TTS reads single digits, not "six hundred million".
std::string spell(std::string_view digits_or_letters);
// "within 24 hours" / "binnen 24 uur", from the tenant's SLA.
std::string within_normal(const Tenant& t, std::string_view lang);
std::string within_urgent(const Tenant& t, std::string_view lang);

std::string greeting(const Tenant& t, std::string_view lang);
std::string english_option();  // always in English, offered in the Dutch greeting
std::string ask_question(std::string_view lang);
std::string not_heard(std::string_view lang);
std::string answer_intro(std::string_view lang, std::string_view title);
std::string helped_keys(std::string_view lang);
std::string goodbye_helped(std::string_view lang);
std::string choose_intro(std::string_view lang, const std::vector<std::string>& titles);
std::string no_answer(std::string_view lang);
std::string callback_intro(std::string_view lang);
std::string confirm_caller_number(std::string_view lang, std::string_view last_digits);
std::string enter_number(std::string_view lang);
std::string confirm_typed_number(std::string_view lang, std::string_view national_digits);
std::string invalid_number(std::string_view lang);
// The family's terms for the callback: 1 yes, 2 no; silence counts as no.
std::string ask_voicemail(std::string_view lang);
std::string ask_announce(std::string_view lang);
std::string task_created_voice(const Tenant& t, std::string_view lang, std::string_view reference,
                               bool urgent);
std::string task_failed_voice(std::string_view lang);
std::string no_number_goodbye(std::string_view lang);
std::string urgent_enter_number(std::string_view lang);
// The offer to be put through after the crisis guidance; `partner` as it is read out.
std::string transfer_offer(std::string_view lang, std::string_view partner);
std::string transfer_hints(std::string_view lang);  // speech hints for the answer: ja, nee
std::string on_call_partner(const Tenant& t, std::string_view lang);  // "een specialist van …"
std::string transfer_connecting(std::string_view lang, std::string_view partner);
std::string transfer_unreachable(std::string_view lang, std::string_view partner);
std::string transfer_goodbye(std::string_view lang);  // back on the line after the conversation
std::string unknown_number_voice();  // both languages: we do not know the tenant
// A technical failure (Redis unreachable, a step Twilio could not complete): no question can be
// taken now, so the caller hears where help is and to call again.
std::string line_unavailable_voice(std::string_view lang);

// Chat (the web widget).
std::string chat_greeting(const Tenant& t, std::string_view lang);  // the tenant's, if it has one
std::string chat_privacy(std::string_view lang);
std::vector<std::string> chat_quick_replies(std::string_view lang);
std::string did_this_help(std::string_view lang);
std::string choose_topic(std::string_view lang);
std::string handoff_chat(const Tenant& t, std::string_view lang);  // the tenant's SLA hours
std::string urgent_chat_prompt(std::string_view lang);              // leave your number

// SMS and WhatsApp.
std::string sms_answer_footer(std::string_view lang);
std::string sms_choices(std::string_view lang, const std::vector<std::string>& titles);
std::string sms_handoff(const Tenant& t, std::string_view lang);
std::string sms_task_created(const Tenant& t, std::string_view lang, std::string_view reference,
                             bool urgent);
std::string sms_task_failed(std::string_view lang);
std::string sms_thanks(std::string_view lang);
std::string sms_empty(std::string_view lang);
std::string unknown_tenant_text();  // both languages
std::string line_unavailable_sms(std::string_view lang);  // as line_unavailable_voice

}  // namespace advieslijn::routing::prompts
