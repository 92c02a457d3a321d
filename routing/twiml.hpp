#pragma once
// A small TwiML writer. Every text and attribute goes through xml_escape, so caller text
// (a transcript, an SMS body echoed back) can never inject markup.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace advieslijn::routing {

// Escapes &, <, >, " and ' for element text and attribute values alike; also drops
// control characters that XML 1.0 forbids (a NUL in a body must not break the document).
std::string xml_escape(std::string_view text);
void append_xml_escaped(std::string& out, std::string_view text);  // the same, appended

struct Say {
    std::string text;
    std::string language;  // "nl-NL", "en-GB"
    std::string voice;     // empty: provider default
};
struct Pause {
    int seconds = 1;
};

struct Gather {
    std::string input = "speech dtmf";
    std::string action;    // absolute path or URL, method POST
    std::string language;  // speech recognition language
    std::string hints;     // comma-separated words that speech recognition should expect
    int timeout = 5;       // seconds of silence before giving up
    std::optional<int> num_digits;
    std::string finish_on_key;  // empty: attribute left out (Twilio's default is '#')
    std::string speech_timeout = "auto";
    std::vector<std::variant<Say, Pause>> children;
};

// Puts the caller through to one number. When the dialled call ends (not answered, busy, or
// after the conversation), Twilio requests `action` with DialCallStatus and goes on with the
// TwiML it gets back.
struct Dial {
    std::string number;     // E.164
    std::string caller_id;  // shown to the called party: the line's own number
    std::string action;     // method POST
    int timeout = 30;       // seconds of ringing before no-answer
};

class Twiml {
  public:
    Twiml& say(Say s);
    Twiml& pause(int seconds);
    Twiml& gather(const Gather& g);
    Twiml& dial(const Dial& d);
    Twiml& message(std::string_view text);
    Twiml& redirect(std::string_view url);
    Twiml& hangup();
    // The whole document, starting with the XML declaration.
    std::string str() const;

  private:
    std::string body_;
};

}  // namespace advieslijn::routing
