#include "jobs/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "core/error.h"

extern char** environ;

namespace tandem::jobs {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The last lines of what the browser printed that are not its usual noise.
std::string Complaint(const std::string& log) {
  std::istringstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find("dbus") != std::string::npos || line.empty()) continue;
    last = line;
  }
  return last.size() > 300 ? last.substr(0, 300) : last;
}

}  // namespace

std::string HtmlToPdf(const std::string& html, const PdfOptions& options) {
  namespace fs = std::filesystem;
  std::string chromium = options.chromium;
  if (const char* env = std::getenv("TANDEM_CHROMIUM"); env && *env) chromium = env;
  if (access(chromium.c_str(), X_OK) != 0) {
    throw Error(ErrorCode::kUnavailable,
                "cannot make the PDF: " + chromium + " is not installed (Debian: chromium)");
  }
  std::string pattern = (fs::temp_directory_path() / "tandem-pdf-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    throw Error(ErrorCode::kUnavailable, "cannot make the PDF: no temporary folder");
  }
  const fs::path dir = pattern;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  {
    std::ofstream page(dir / "report.html", std::ios::binary);
    page << html;
    if (!page) throw Error(ErrorCode::kUnavailable, "cannot make the PDF: cannot write the page");
  }
  const std::string pdf_path = (dir / "report.pdf").string();
  const std::string log_path = (dir / "browser.log").string();
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-extensions",
                                   "--no-first-run",
                                   "--user-data-dir=" + (dir / "profile").string(),
                                   "--no-pdf-header-footer",
                                   "--export-tagged-pdf",
                                   "--print-to-pdf=" + pdf_path,
                                   "file://" + (dir / "report.html").string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);  // its own group, to stop it whole
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, chromium.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    throw Error(ErrorCode::kUnavailable, "cannot make the PDF: cannot start " + chromium);
  }
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw Error(ErrorCode::kUnavailable, "cannot make the PDF: the browser took longer than " +
                                               std::to_string(options.timeout.count()) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);  // helpers the browser left behind
  std::string pdf = Slurp(pdf_path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || pdf.rfind("%PDF", 0) != 0) {
    throw Error(ErrorCode::kUnavailable,
                "cannot make the PDF: the browser failed: " + Complaint(Slurp(log_path)));
  }
  return pdf;
}

}  // namespace tandem::jobs
