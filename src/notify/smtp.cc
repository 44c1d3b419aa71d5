#include "notify/smtp.h"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "core/error.h"

namespace tandem::notify {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  size_t at = 0;
};

size_t Read(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, up->data->size() - up->at);
  std::memcpy(buffer, up->data->data() + up->at, n);
  up->at += n;
  return n;
}

// Keeps the server's reply lines (CURLINFO_HEADER_IN): the last one is the
// answer to the last command.
int Debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* last = static_cast<std::string*>(user);
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  // The goodbye to QUIT says nothing about the message.
  if (line.rfind("221", 0) == 0) return 0;
  // A multi-line reply ("250-..." then "250 ..."): keep the whole reply.
  if (line.size() >= 4 && line[3] == '-') {
    if (last->empty() || last->back() != '\n') last->clear();
    *last += line + "\n";
  } else if (!last->empty() && last->back() == '\n') {
    *last += line;
  } else {
    *last = line;
  }
  return 0;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

void SmtpSettings::Check() const {
  if (!StartsWith(url, "smtp://") && !StartsWith(url, "smtps://")) {
    throw InvalidArgument(
        "the mail server's address starts with smtp:// (port 587, STARTTLS) or "
        "smtps:// (port 465): \"" +
            url + "\"",
        "smtp-url");
  }
  if (from.address.empty()) {
    throw InvalidArgument("say who the messages are from: --mail-from \"Program <address>\"",
                          "mail-from");
  }
}

SmtpResult SendSmtp(const SmtpSettings& settings, const std::string& to_address,
                    const std::string& message) {
  GlobalInit();
  SmtpResult result;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    result.outcome = SmtpOutcome::kTemporaryFailure;
    result.explanation = "could not start the mail client (libcurl)";
    return result;
  }
  CURL* c = curl.get();
  char error[CURL_ERROR_SIZE] = {0};
  std::string last_reply;
  Upload upload{&message};
  const std::string from = "<" + settings.from.address + ">";
  const std::string rcpt = "<" + to_address + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> recipients_guard(recipients,
                                                                      curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout_seconds));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, Debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &last_reply);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // feeds Debug; nothing is printed
  if (StartsWith(settings.url, "smtp://")) {
    curl_easy_setopt(
        c, CURLOPT_USE_SSL,
        settings.insecure ? static_cast<long>(CURLUSESSL_TRY) : static_cast<long>(CURLUSESSL_ALL));
  }
  if (!settings.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  result.code = static_cast<int>(code);
  result.reply = last_reply;
  if (rc == CURLE_OK && code >= 200 && code < 300) {
    result.outcome = SmtpOutcome::kSent;
    return result;
  }
  // libcurl reports a refusal after DATA as a weird reply (error 8): the
  // reply code says what happened.
  std::string what = error[0] ? error : curl_easy_strerror(rc);
  if (rc == CURLE_LOGIN_DENIED) {
    result.outcome = SmtpOutcome::kPermanentFailure;
    result.explanation = "the mail server refused the user name or password (" + what + ")";
  } else if (rc == CURLE_USE_SSL_FAILED) {
    result.outcome = SmtpOutcome::kPermanentFailure;
    result.explanation = "the mail server does not offer STARTTLS, which is required (" + what +
                         "); use smtps:// or, for a local relay only, --smtp-insecure";
  } else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
             rc == CURLE_SSL_CONNECT_ERROR) {
    result.outcome = SmtpOutcome::kTemporaryFailure;
    result.explanation = "the TLS connection to the mail server failed (" + what + ")";
  } else if (code >= 500) {
    result.outcome = SmtpOutcome::kPermanentFailure;
    result.explanation = "the mail server refused the message: " + last_reply;
  } else if (code >= 400) {
    result.outcome = SmtpOutcome::kTemporaryFailure;
    result.explanation = "the mail server asked to try again later: " + last_reply;
  } else {
    result.outcome = SmtpOutcome::kTemporaryFailure;
    result.explanation = "could not reach the mail server at " + settings.url + " (" + what + ")";
  }
  return result;
}

}  // namespace tandem::notify
