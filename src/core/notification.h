// What Tandem tells people (docs/email.md): each message has a kind; kinds
// fall in categories a person chooses for — immediately, in a daily digest,
// or not by e-mail (the bell in the app still shows it) — except essential
// kinds, which always go at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem {

inline constexpr std::string_view kNotificationCategories[] = {"meetings", "nudges", "program",
                                                               "coordinator"};
inline constexpr std::string_view kNotificationChoices[] = {"immediately", "daily", "off"};

// The category of message kind `kind`; nullopt for an essential kind
// (invitation, password_reset, introduction, and any kind not listed).
std::optional<std::string_view> CategoryOfKind(std::string_view kind);

}  // namespace tandem
