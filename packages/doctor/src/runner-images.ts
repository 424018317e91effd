/**
 * The commands GitHub-hosted Ubuntu runners have on PATH before any step runs, for the tools
 * check. Read from the runner images' own software lists (github.com/actions/runner-images,
 * `images/ubuntu/Ubuntu2404-Readme.md` image version 20260816.277.1 and
 * `images/ubuntu/Ubuntu2204-Readme.md` image version 20260817.266.1): the "Installed Software"
 * sections (Tools, CLI Tools, Package Management, Language and Runtime, Databases) and the
 * "Installed apt packages" table, each package by the commands it puts on PATH, plus the Ubuntu
 * base system every image has. Homebrew is installed but not on PATH, and the "Cached Tools"
 * (Go, extra Node.js and Python versions) need a setup action: neither is listed.
 * `ubuntu-latest` is `ubuntu-24.04` (the images' README). Update the table with the image.
 */

/** Ubuntu's base system and the apt packages both images install. */
const COMMON = [
  // base system (coreutils, findutils, diffutils, grep, sed, gawk/mawk, util-linux, procps...)
  "awk", "base64", "basename", "bash", "cat", "chmod", "chown", "cp", "cut", "date", "dd",
  "df", "diff", "dirname", "du", "echo", "env", "envsubst", "expr", "false", "find", "grep",
  "gzip", "head", "hostname", "id", "kill", "ln", "ls", "md5sum", "mkdir", "mktemp", "mv",
  "nproc", "od", "paste", "printf", "ps", "pwd", "readlink", "realpath", "rm", "rmdir", "sed",
  "seq", "sh", "sha1sum", "sha256sum", "sha512sum", "sleep", "sort", "split", "stat", "tail",
  "tee", "test", "timeout", "touch", "tr", "true", "uname", "uniq", "wc", "which", "whoami",
  "xargs", "yes", "dash", "sudo", "systemctl", "journalctl", "ip", "ss",
  // apt packages of both images' lists
  "acl", "aria2c", "autoconf", "automake", "bison", "brotli", "bzip2", "curl", "dig", "host",
  "nslookup", "dpkg", "file", "flex", "ftp", "g++", "gcc", "gpg", "haveged", "ping", "jq",
  "lz4", "m4", "make", "mediainfo", "hg", "netstat", "ifconfig", "nc", "netcat", "ssh", "scp",
  "sftp", "7z", "parallel", "patchelf", "pigz", "pkg-config", "python", "rpm", "rsync",
  "shellcheck", "sqlite3", "sshpass", "swig", "tar", "telnet", "tree", "unzip", "upx", "wget",
  "xvfb-run", "xz", "zip", "zsync",
  // languages, package managers, tools and CLIs both images list
  "node", "npm", "npx", "yarn", "lerna", "python3", "pip", "pip3", "pipx", "perl", "cpan",
  "ruby", "gem", "java", "mvn", "gradle", "ant", "php", "composer", "phpunit", "dotnet",
  "cargo", "rustc", "rustup", "rustfmt", "cabal", "ghc", "ghcup", "stack", "swift", "kotlin",
  "julia", "clang", "clang-format", "clang-tidy", "gfortran", "conda", "vcpkg", "cmake",
  "ninja", "helm", "ansible", "ansible-playbook", "azcopy", "bazel", "bazelisk", "bicep",
  "buildah", "docker", "git", "git-lfs", "git-ftp", "fastlane", "kind", "kubectl", "kustomize",
  "minikube", "n", "newman", "openssl", "packer", "parcel", "podman", "pulumi", "skopeo",
  "yamllint", "yq", "zstd", "aws", "session-manager-plugin", "sam", "az", "gh", "gcloud",
  "gsutil", "bq", "psql", "pg_dump", "mysql", "mysqldump", "pwsh", "google-chrome",
  "chromium", "chromedriver", "microsoft-edge", "msedgedriver", "firefox", "geckodriver",
];

export interface RunnerImage {
  /** The runs-on labels that run it. */
  labels: readonly string[];
  /** The image and version the table was read from. */
  image: string;
  commands: ReadonlySet<string>;
}

export const RUNNER_IMAGES: readonly RunnerImage[] = [
  {
    labels: ["ubuntu-latest", "ubuntu-24.04"],
    image: "Ubuntu 24.04 runner image 20260816.277.1",
    commands: new Set(COMMON),
  },
  {
    labels: ["ubuntu-22.04"],
    image: "Ubuntu 22.04 runner image 20260817.266.1",
    commands: new Set([
      ...COMMON,
      "terraform",
      "oras",
      "oc",
      "aliyun",
      "heroku",
      "netlify",
      "vercel",
      "svn",
      "lein",
      "sbt",
      "R",
      "Rscript",
      "apt-fast",
    ]),
  },
];

/** The image a `runs-on` label names, when it is a GitHub-hosted Ubuntu runner we know. */
export function runnerImage(label: string): RunnerImage | undefined {
  const name = label.trim().toLowerCase();
  return RUNNER_IMAGES.find((image) => image.labels.includes(name));
}
