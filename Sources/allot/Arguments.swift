import Allot

/// A command-line usage error: exit code 64 with the command's usage text.
struct UsageError: AllotError {
  var message: String
  var category: ErrorCategory { .usage }
  var description: String { message }
}

/// The parsed arguments of one subcommand: options with values, boolean flags and
/// positional arguments. Every option a command reads must be declared, so an unknown flag
/// is a usage error rather than silently ignored.
struct Arguments {
  private var values: [String: String] = [:]
  private var flags: Set<String> = []
  /// Positional arguments, in order.
  private(set) var positionals: [String] = []

  /// Parses `arguments` given the options that take a value (`--k`, `-k`) and the flags that
  /// do not. `--name=value` is accepted too. A lone `-` is a positional (standard input).
  /// - Throws: `UsageError` for an unknown option, a missing value or a repeated option.
  init(_ arguments: [String], options: Set<String>, flags flagNames: Set<String>) throws {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        positionals.append(contentsOf: arguments[index...])
        break
      }
      guard argument.hasPrefix("-"), argument != "-", Double(argument) == nil else {
        positionals.append(argument)
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if flagNames.contains(name) {
        guard inlineValue == nil else { throw UsageError(message: "\(name) takes no value") }
        flags.insert(name)
      } else if options.contains(name) {
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard index < arguments.count else {
            throw UsageError(message: "\(name) needs a value")
          }
          value = arguments[index]
          index += 1
        }
        guard values[name] == nil else {
          throw UsageError(message: "\(name) given more than once")
        }
        values[name] = value
      } else {
        throw UsageError(message: "unknown option '\(name)'")
      }
    }
  }

  /// True when the flag was given.
  func has(_ flag: String) -> Bool { flags.contains(flag) }

  /// The value of an option, or nil when absent.
  func value(_ option: String) -> String? { values[option] }

  /// The value of an option converted with `parse`, `defaultValue` when absent.
  /// - Throws: `UsageError` naming the option when the value does not parse.
  func value<T>(_ option: String, default defaultValue: T, _ parse: (String) -> T?) throws -> T {
    guard let text = values[option] else { return defaultValue }
    guard let parsed = parse(text) else {
      throw UsageError(message: "invalid value '\(text)' for \(option)")
    }
    return parsed
  }

  /// The single positional argument, such as the input file.
  /// - Throws: `UsageError` when there is none or more than one.
  func singlePositional(_ what: String) throws -> String {
    guard positionals.count == 1 else {
      throw UsageError(
        message: positionals.isEmpty
          ? "missing \(what)"
          : "expected one \(what), got \(positionals.count) arguments: "
            + positionals.map { "'\($0)'" }.joined(separator: ", "))
    }
    return positionals[0]
  }
}
