public import Newsclean
internal import Yams

/// Reads rule files (format v1, YAML) into `RulePack` values, reporting every problem with its line and column.
///
/// Loading a rule file never runs anything from it: YAML tags that construct objects are not interpreted, anchors
/// and aliases are refused, and patterns are only compiled.
public enum RuleFileParser {
    /// The rule-file schema version this parser reads.
    public static let schemaVersion = 1

    /// The largest rule file accepted, in bytes.
    public static let maximumFileSize = 4 << 20

    /// Parses the text of one rule file.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - path: The path used in diagnostics and recorded as the pack's source.
    /// - Returns: The pack when the file has no errors (it may have warnings), and every diagnostic found.
    public static func parse(_ text: String, path: String) -> (pack: RulePack?, diagnostics: [Diagnostic]) {
        let parsed = parseDetailed(text, path: path)
        return (parsed.pack, parsed.diagnostics)
    }

    /// Parses the text of one rule file, also returning where each rule's fields were written (for `lint`).
    public static func parseDetailed(_ text: String, path: String) -> ParsedRuleFile {
        var context = ParseContext(path: path, source: text)
        let pack = context.parseFile()
        context.diagnostics.sort { a, b in
            (a.location.line, a.location.column) < (b.location.line, b.location.column)
        }
        let hasErrors = context.diagnostics.contains { $0.severity == .error }
        return ParsedRuleFile(
            pack: hasErrors ? nil : pack,
            diagnostics: context.diagnostics,
            fieldLocations: context.fieldLocations
        )
    }
}

/// A parsed rule file with the positions of its rules' fields.
public struct ParsedRuleFile: Sendable {
    /// The pack, when the file has no errors.
    public var pack: RulePack?
    /// Every diagnostic, errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
    /// For each rule id, where each of its keys' values was written (`pattern`, `text`, `start`, ...).
    public var fieldLocations: [String: [String: SourceLocation]]

    /// Where `key` of rule `ruleID` was written, else the rule's own location.
    public func location(of key: String, inRule rule: Rule) -> SourceLocation? {
        fieldLocations[rule.id]?[key] ?? rule.location
    }
}

/// The keys a pack may have, and those a rule may have.
enum RuleFileKeys {
    static let pack = [
        "schema", "id", "name", "version", "description", "generic", "hosts", "max_removed_fraction", "rules", "fixtures",
    ]
    static let fixture = ["input", "expected", "url", "contains", "not_contains"]
    static let rule = [
        "id", "description", "action", "pattern", "text", "flags", "start", "end", "max_lines", "include_end",
        "replacement", "heading", "signature", "run", "list", "thread",
        "prefilter", "prefilter_exact", "search", "when", "examples", "keep",
    ]
    static let search = ["repeated_start"]
    /// Keys that belong to some actions only.
    static let actionSpecific = [
        "pattern", "text", "start", "end", "max_lines", "include_end", "replacement", "heading", "signature", "run",
        "list", "thread",
    ]
    static let run = ["max_words", "min_lines", "max_lines", "min_anchors", "min_anchor_share", "through_end"]
    static let list = ["max_heading_words", "max_item_words", "min_items", "max_items"]
    static let thread = ["max_heading_words", "max_gap", "min_signatures", "max_lines"]
    static let conditions = [
        "max_words", "min_words", "first_lines", "last_lines", "standalone", "in_short_run", "min_repeats",
    ]
    static let example = ["input", "output"]
    static let actions = [
        "delete-match", "delete-line", "delete-block", "replace", "dedupe-adjacent", "delete-run", "delete-list",
        "delete-thread",
    ]
    static let flags: [String: Rule.Matcher.Options] = [
        "ignore-case": .ignoreCase, "dotall": .dotAll, "extended": .extended, "ungreedy": .ungreedy,
    ]
}

private struct ParseContext {
    let path: String
    let source: String
    let sourceLines: [Substring]
    var diagnostics: [Diagnostic] = []
    var fieldLocations: [String: [String: SourceLocation]] = [:]

    init(path: String, source: String) {
        self.path = path
        self.source = source
        // By Unicode scalar: splitting by Character segments graphemes (slow) and never splits a CRLF.
        self.sourceLines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Substring($0) }
    }

    // MARK: Diagnostics

    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ message: String, at mark: Mark?, check: String) {
        diagnostics.append(Diagnostic(.error, message, at: location(mark), check: check))
    }

    mutating func error(_ message: String, at location: SourceLocation, check: String) {
        diagnostics.append(Diagnostic(.error, message, at: location, check: check))
    }

    // MARK: File

    mutating func parseFile() -> RulePack? {
        guard source.utf8.count <= RuleFileParser.maximumFileSize else {
            error(
                "rule file is \(source.utf8.count) bytes; the limit is \(RuleFileParser.maximumFileSize)",
                at: nil,
                check: "file-too-large"
            )
            return nil
        }
        let root: Node
        do {
            // The parser keeps anchors alive while the tree is checked for them (nodes hold them weakly).
            // `.basic`: no implicit tags. The rule schema reads every scalar as text and converts it itself, and
            // resolving tags (regular expressions per scalar, also when Yams hashes keys) took a fifth of startup.
            let parser = try Parser(yaml: source, resolver: .basic)
            guard let node = try parser.singleRoot() else {
                error("empty rule file", at: nil, check: "schema")
                return nil
            }
            if let anchored = firstAnchoredNode(node) {
                error("anchors and aliases are not allowed in rule files", at: anchored.mark, check: "yaml-alias")
                return nil
            }
            root = node
        } catch let yamlError as YamlError {
            reportYAMLError(yamlError)
            return nil
        } catch {
            self.error("cannot read YAML: \(error)", at: nil, check: "yaml-syntax")
            return nil
        }
        guard let mapping = root.mapping else {
            error("a rule file must be a mapping with keys \(list(RuleFileKeys.pack))", at: root.mark, check: "schema")
            return nil
        }
        let fields = fields(of: mapping, allowed: RuleFileKeys.pack, in: "pack")

        if let schema = fields["schema"] {
            if let version = integer(schema, key: "schema"), version != RuleFileParser.schemaVersion {
                error(
                    "unsupported schema \(version); this newsclean reads schema \(RuleFileParser.schemaVersion)",
                    at: schema.mark,
                    check: "schema"
                )
            }
        } else {
            error("missing key 'schema' (write 'schema: 1')", at: root.mark, check: "missing-key")
        }
        let id = requiredString(fields, "id", in: "pack", at: root.mark) ?? ""
        if let node = fields["id"], !id.isEmpty, !isValidPackID(id) {
            error(
                "pack id '\(id)' must be lowercase letters, digits, '.', '-' and '_'",
                at: node.mark,
                check: "invalid-id"
            )
        }
        let name = optionalString(fields, "name") ?? id
        let version = optionalString(fields, "version") ?? "1"
        let description = optionalString(fields, "description").map(trimmed) ?? ""
        let scope = parseScope(fields, at: root.mark)

        var rules: [Rule] = []
        var seen: [String: Mark?] = [:]
        if let rulesNode = fields["rules"] {
            if let sequence = rulesNode.sequence {
                for ruleNode in sequence {
                    guard let rule = parseRule(ruleNode) else { continue }
                    if let first = seen[rule.id] {
                        error(
                            "duplicate rule id '\(rule.id)' (first defined at \(location(first)))",
                            at: idMark(of: ruleNode),
                            check: "duplicate-id"
                        )
                    } else {
                        seen[rule.id] = idMark(of: ruleNode)
                        rules.append(rule)
                    }
                }
            } else {
                error("'rules' must be a list of rules", at: rulesNode.mark, check: "type")
            }
        } else {
            error("missing key 'rules'", at: root.mark, check: "missing-key")
        }
        var pack = RulePack(
            id: id,
            name: name,
            version: version,
            description: description,
            scope: scope ?? .generic,
            rules: rules,
            source: path
        )
        pack.fixtures = parseFixtures(fields["fixtures"])
        if let node = fields["max_removed_fraction"] {
            if let scalar = node.scalar, scalar.style == .plain, let value = Double(scalar.string), (0...1).contains(value) {
                pack.maxRemovedFraction = value
            } else {
                error("'max_removed_fraction' must be a number from 0 to 1", at: node.mark, check: "type")
            }
        }
        return pack
    }

    mutating func parseFixtures(_ node: Node?) -> [RulePack.Fixture] {
        var fixtures: [RulePack.Fixture] = []
        let items = mappings(
            in: node,
            key: "fixtures",
            listProblem: "'fixtures' must be a list of {input, expected} mappings",
            itemProblem: "a fixture must be a mapping with 'input' and 'expected'",
            allowed: RuleFileKeys.fixture
        )
        for (item, fields) in items {
            guard let input = requiredString(fields, "input", in: "fixture", at: item.mark) else { continue }
            let expected = optionalString(fields, "expected")
            checkFixturePath(input, at: fields["input"]?.mark)
            if let expected { checkFixturePath(expected, at: fields["expected"]?.mark) }
            let contains = fields["contains"].flatMap { stringList($0, key: "contains") } ?? []
            let notContains = fields["not_contains"].flatMap { stringList($0, key: "not_contains") } ?? []
            if expected == nil, contains.isEmpty, notContains.isEmpty {
                error(
                    "a fixture needs 'expected', 'contains' or 'not_contains' to check something",
                    at: item.mark,
                    check: "missing-key"
                )
            }
            fixtures.append(
                RulePack.Fixture(
                    input: input,
                    expected: expected,
                    url: optionalString(fields, "url"),
                    contains: contains,
                    notContains: notContains,
                    location: location(item.mark)
                )
            )
        }
        return fixtures
    }

    /// A fixture path must stay inside the pack's folder: relative, and never above it through `..`. (Symlinks are
    /// resolved, and checked again, when the fixture is read or written.)
    mutating func checkFixturePath(_ path: String, at mark: Mark?) {
        if path.hasPrefix("/") {
            error(
                "fixture path '\(path)' is absolute; write a path relative to the pack's folder",
                at: mark,
                check: "fixture-path"
            )
            return
        }
        var depth = 0
        var leaves = path.utf8.contains(0)
        for component in path.split(separator: "/") where component != "." && !leaves {
            depth += component == ".." ? -1 : 1
            leaves = depth < 0
        }
        if leaves {
            error(
                "fixture path '\(path)' leaves the pack's folder; write a path relative to it, without '..' above it",
                at: mark,
                check: "fixture-path"
            )
        }
    }

    func idMark(of ruleNode: Node) -> Mark? {
        guard let mapping = ruleNode.mapping else { return ruleNode.mark }
        for (key, value) in mapping where key.string == "id" { return value.mark }
        return ruleNode.mark
    }

    mutating func parseScope(_ fields: [String: Node], at mark: Mark?) -> RulePack.Scope? {
        let generic = fields["generic"].flatMap { boolean($0, key: "generic") }
        let hostsNode = fields["hosts"]
        switch (generic, hostsNode) {
        case (true?, nil):
            return .generic
        case (true?, let node?):
            error("a pack is either 'generic: true' or has 'hosts', not both", at: node.mark, check: "scope")
            return nil
        case (_, let node?):
            guard let hosts = stringList(node, key: "hosts"), !hosts.isEmpty else {
                if node.sequence?.isEmpty == true {
                    error("'hosts' must list at least one host", at: node.mark, check: "scope")
                }
                return nil
            }
            for (host, item) in zip(hosts, node.sequence ?? []) where !isValidHost(host) {
                error(
                    "'\(host)' is not a host name (write 'example.com', without scheme or path)",
                    at: item.mark,
                    check: "scope"
                )
            }
            return .publisher(hosts: hosts)
        case (false?, nil), (nil, nil):
            error(
                "say which articles the pack applies to: 'generic: true' or 'hosts: [example.com]'",
                at: mark,
                check: "scope"
            )
            return nil
        }
    }

    // MARK: Rules

    mutating func parseRule(_ node: Node) -> Rule? {
        guard let mapping = node.mapping else {
            error("a rule must be a mapping with keys such as 'id', 'action' and 'pattern'", at: node.mark, check: "type")
            return nil
        }
        let errorsBefore = diagnostics.count
        let fields = fields(of: mapping, allowed: RuleFileKeys.rule, in: "rule")
        let id = requiredString(fields, "id", in: "rule", at: node.mark) ?? ""
        if fieldLocations[id] == nil {
            fieldLocations[id] = fields.mapValues { location($0.mark) }
        }
        if let idNode = fields["id"], !id.isEmpty, !isValidRuleID(id) {
            error(
                "rule id '\(id)' must be kebab-case: lowercase letters, digits and '-'",
                at: idNode.mark,
                check: "invalid-id"
            )
        }
        let description = optionalString(fields, "description").map(trimmed) ?? ""
        var options: Rule.Matcher.Options = []
        if let flagsNode = fields["flags"], let flags = stringList(flagsNode, key: "flags") {
            for (flag, item) in zip(flags, flagsNode.sequence ?? []) {
                if let option = RuleFileKeys.flags[flag] {
                    options.insert(option)
                } else {
                    error(
                        "unknown flag '\(flag)'\(suggestion(flag, among: Array(RuleFileKeys.flags.keys)))",
                        at: item.mark,
                        check: "unknown-flag"
                    )
                }
            }
        }

        let actionName = requiredString(fields, "action", in: "rule", at: node.mark)
        var action: Rule.Action?
        if let actionName, let actionNode = fields["action"] {
            action = parseAction(actionName, actionNode: actionNode, fields: fields, options: options, rule: node)
        }
        let conditions = parseConditions(fields["when"])
        if let whenNode = fields["when"], !conditions.isEmpty, let actionName,
            !["delete-line", "delete-match", "delete-block"].contains(actionName)
        {
            error("'when' applies to delete-line, delete-match and delete-block only", at: whenNode.mark, check: "unused-key")
        }
        let search = parseSearch(fields["search"])
        if let searchNode = fields["search"], !search.isEmpty, let actionName,
            !["delete-line", "delete-match", "replace"].contains(actionName)
        {
            error("'search' applies to delete-line, delete-match and replace only", at: searchNode.mark, check: "unused-key")
        }
        let examples = parseExamples(fields["examples"])
        let keep = parseKeep(fields["keep"])
        let prefilter = fields["prefilter"].flatMap { stringList($0, key: "prefilter") }
        if let prefilterNode = fields["prefilter"], let prefilter, prefilter.contains(where: { $0.utf8.count < 2 }) {
            error("every prefilter literal must be at least 2 bytes", at: prefilterNode.mark, check: "prefilter")
        }
        let prefilterExact = fields["prefilter_exact"].flatMap { stringList($0, key: "prefilter_exact") } ?? []
        if let exactNode = fields["prefilter_exact"] {
            if prefilterExact.contains(where: { $0.utf8.count < 2 }) {
                error("every prefilter_exact literal must be at least 2 bytes", at: exactNode.mark, check: "prefilter")
            } else if let caseless = prefilterExact.first(where: { !$0.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } }) {
                error(
                    "prefilter_exact literal '\(caseless)' has no capital letter, the only letters it compares with "
                        + "their case; list it under 'prefilter'",
                    at: exactNode.mark, check: "prefilter")
            }
        }
        guard diagnostics.count == errorsBefore || !diagnostics[errorsBefore...].contains(where: { $0.severity == .error }),
            let action
        else {
            return nil
        }
        return Rule(
            id: id,
            description: description,
            action: action,
            conditions: conditions,
            examples: examples,
            keep: keep,
            prefilter: prefilter,
            prefilterExact: prefilterExact,
            search: search,
            location: location(node.mark)
        )
    }

    /// The fields of a rule's mapping-valued key (`when`, `search`), with errors for a value that is not a mapping
    /// (`such`: an example of the mapping), for unknown keys and for an empty mapping (`nothing`: what it lacks).
    mutating func settings(_ node: Node, key: String, allowed: [String], such: String, nothing: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            error("'\(key)' must be a mapping \(such)", at: node.mark, check: "type")
            return nil
        }
        let fields = fields(of: mapping, allowed: allowed, in: key)
        if fields.isEmpty {
            error("'\(key)' has no \(nothing)", at: node.mark, check: "schema")
        }
        return fields
    }

    mutating func parseSearch(_ node: Node?) -> Rule.Search {
        guard let node,
            let fields = settings(node, key: "search", allowed: RuleFileKeys.search, such: "such as 'repeated_start: 12'", nothing: "entries")
        else { return Rule.Search() }
        var search = Rule.Search()
        if let valueNode = fields["repeated_start"], let value = integer(valueNode, key: "repeated_start") {
            if (1...1000).contains(value) {
                search.repeatedStart = value
            } else {
                error("'repeated_start' must be from 1 to 1000", at: valueNode.mark, check: "range")
            }
        }
        return search
    }

    mutating func parseConditions(_ node: Node?) -> Rule.Conditions {
        guard let node,
            let fields = settings(
                node, key: "when", allowed: RuleFileKeys.conditions, such: "of conditions such as 'max_words: 3'",
                nothing: "conditions")
        else { return Rule.Conditions() }
        func count(_ key: String, minimum: Int) -> Int? {
            guard let valueNode = fields[key], let value = integer(valueNode, key: key) else { return nil }
            guard value >= minimum else {
                error("'\(key)' must be at least \(minimum)", at: valueNode.mark, check: "range")
                return nil
            }
            return value
        }
        var conditions = Rule.Conditions()
        conditions.maxWords = count("max_words", minimum: 0)
        conditions.minWords = count("min_words", minimum: 0)
        conditions.firstLines = count("first_lines", minimum: 1)
        conditions.lastLines = count("last_lines", minimum: 1)
        conditions.inShortRun = count("in_short_run", minimum: 0)
        conditions.minRepeats = count("min_repeats", minimum: 2)
        conditions.standalone = fields["standalone"].flatMap { boolean($0, key: "standalone") }
        return conditions
    }

    mutating func parseAction(
        _ name: String,
        actionNode: Node,
        fields: [String: Node],
        options: Rule.Matcher.Options,
        rule: Node
    ) -> Rule.Action? {
        let matcher = { (self: inout ParseContext, required: Bool) -> Rule.Matcher? in
            self.matcher(fields, options: options, required: required, action: name, rule: rule)
        }
        /// Reports the action-specific keys other than `allowed`.
        func allow(_ allowed: [String], _ this: inout ParseContext) {
            for key in RuleFileKeys.actionSpecific where !allowed.contains(key) {
                if let node = fields[key] {
                    this.error("'\(key)' has no meaning for action '\(name)'", at: node.mark, check: "unused-key")
                }
            }
        }
        switch name {
        case "delete-match":
            allow(["pattern", "text"], &self)
            return matcher(&self, true).map { .deleteMatch($0) }
        case "delete-line":
            allow(["pattern", "text"], &self)
            return matcher(&self, true).map { .deleteLine($0) }
        case "replace":
            allow(["pattern", "text", "replacement"], &self)
            let found = matcher(&self, true)
            guard let templateNode = fields["replacement"] else {
                error("action 'replace' needs 'replacement' (it may be '')", at: rule.mark, check: "missing-key")
                return nil
            }
            guard let template = string(templateNode, key: "replacement"), let found else { return nil }
            if let problem = found.templateError(template) {
                error(problem, at: templateNode.mark, check: "replacement")
                return nil
            }
            return .replace(found, with: template)
        case "dedupe-adjacent":
            allow(["pattern", "text"], &self)
            let found = matcher(&self, false)
            return .dedupeAdjacent(found)
        case "delete-run":
            allow(["run"], &self)
            var shape = Rule.RunShape()
            guard let values = shapeFields(fields["run"], key: "run", allowed: RuleFileKeys.run) else { return nil }
            shape.maxWords = count(values, "max_words", 1...200) ?? shape.maxWords
            shape.minLines = count(values, "min_lines", 2...1000) ?? shape.minLines
            shape.maxLines = count(values, "max_lines", 2...10000) ?? shape.maxLines
            shape.minAnchors = count(values, "min_anchors", 1...1000) ?? shape.minAnchors
            if let node = values["min_anchor_share"] {
                if let scalar = node.scalar, scalar.style == .plain, let value = Double(scalar.string),
                    (0...1).contains(value)
                {
                    shape.minAnchorShare = value
                } else {
                    error("'min_anchor_share' must be a number from 0 to 1", at: node.mark, check: "range")
                }
            }
            shape.throughEnd = values["through_end"].flatMap { boolean($0, key: "through_end") } ?? false
            if shape.maxLines < shape.minLines, let node = values["max_lines"] {
                error("'max_lines' must be at least 'min_lines' (\(shape.minLines))", at: node.mark, check: "range")
            }
            return .deleteRun(shape)
        case "delete-list":
            allow(["heading", "list"], &self)
            let heading = blockMatcher(fields, "heading", options: options, rule: rule, action: name)
            var shape = Rule.ListShape()
            guard let values = shapeFields(fields["list"], key: "list", allowed: RuleFileKeys.list) else { return nil }
            shape.maxHeadingWords = count(values, "max_heading_words", 1...100) ?? shape.maxHeadingWords
            shape.maxItemWords = count(values, "max_item_words", 1...200) ?? shape.maxItemWords
            shape.minItems = count(values, "min_items", 1...1000) ?? shape.minItems
            shape.maxItems = count(values, "max_items", 1...10000) ?? shape.maxItems
            if shape.maxItems < shape.minItems, let node = values["max_items"] {
                error("'max_items' must be at least 'min_items' (\(shape.minItems))", at: node.mark, check: "range")
            }
            return heading.map { .deleteList(heading: $0, shape) }
        case "delete-thread":
            allow(["heading", "signature", "thread"], &self)
            let heading = blockMatcher(fields, "heading", options: options, rule: rule, action: name)
            let signature = blockMatcher(fields, "signature", options: options, rule: rule, action: name)
            var shape = Rule.ThreadShape()
            guard let values = shapeFields(fields["thread"], key: "thread", allowed: RuleFileKeys.thread) else {
                return nil
            }
            shape.maxHeadingWords = count(values, "max_heading_words", 1...100) ?? shape.maxHeadingWords
            shape.maxGap = count(values, "max_gap", 0...1000) ?? shape.maxGap
            shape.minSignatures = count(values, "min_signatures", 1...1000) ?? shape.minSignatures
            shape.maxLines = count(values, "max_lines", 2...100_000) ?? shape.maxLines
            guard let heading, let signature else { return nil }
            return .deleteThread(heading: heading, signature: signature, shape)
        case "delete-block":
            allow(["start", "end", "max_lines", "include_end"], &self)
            let start = blockMatcher(fields, "start", options: options, rule: rule, action: name)
            let end = blockMatcher(fields, "end", options: options, rule: rule, action: name)
            var maxLines = 10
            if let node = fields["max_lines"], let value = integer(node, key: "max_lines") {
                if (2...1000).contains(value) {
                    maxLines = value
                } else {
                    error("'max_lines' must be between 2 and 1000", at: node.mark, check: "range")
                }
            }
            let includeEnd = fields["include_end"].flatMap { boolean($0, key: "include_end") } ?? true
            guard let start, let end else { return nil }
            return .deleteBlock(start: start, end: end, maxLines: maxLines, includeEnd: includeEnd)
        default:
            error(
                "unknown action '\(name)'\(suggestion(name, among: RuleFileKeys.actions)); "
                    + "actions are \(list(RuleFileKeys.actions))",
                at: actionNode.mark,
                check: "unknown-action"
            )
            return nil
        }
    }

    mutating func matcher(
        _ fields: [String: Node],
        options: Rule.Matcher.Options,
        required: Bool,
        action: String,
        rule: Node
    ) -> Rule.Matcher? {
        switch (fields["pattern"], fields["text"]) {
        case (let patternNode?, nil):
            return compiled(patternNode, key: "pattern", options: options)
        case (nil, let textNode?):
            guard let text = string(textNode, key: "text") else { return nil }
            guard !text.isEmpty else {
                error("'text' must not be empty", at: textNode.mark, check: "empty-match")
                return nil
            }
            return .text(text, options: options)
        case (_?, let textNode?):
            error("a rule has 'pattern' or 'text', not both", at: textNode.mark, check: "schema")
            return nil
        case (nil, nil):
            if required {
                error("action '\(action)' needs 'pattern' or 'text'", at: rule.mark, check: "missing-key")
            }
            return nil
        }
    }

    mutating func blockMatcher(
        _ fields: [String: Node],
        _ key: String,
        options: Rule.Matcher.Options,
        rule: Node,
        action: String
    ) -> Rule.Matcher? {
        guard let node = fields[key] else {
            error("action '\(action)' needs '\(key)' (a pattern)", at: rule.mark, check: "missing-key")
            return nil
        }
        return compiled(node, key: key, options: options)
    }

    /// The fields of an optional shape mapping (`run`, `list`, `thread`); nil after a diagnostic when it is not a
    /// mapping.
    mutating func shapeFields(_ node: Node?, key: String, allowed: [String]) -> [String: Node]? {
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            error("'\(key)' must be a mapping such as '\(allowed[0]): 3'", at: node.mark, check: "type")
            return nil
        }
        return fields(of: mapping, allowed: allowed, in: "'\(key)'")
    }

    /// A whole number of a shape mapping, checked against `range`; nil (after a diagnostic, if it was given) otherwise.
    mutating func count(_ fields: [String: Node], _ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let node = fields[key], let value = integer(node, key: key) else { return nil }
        guard range.contains(value) else {
            error("'\(key)' must be between \(range.lowerBound) and \(range.upperBound)", at: node.mark, check: "range")
            return nil
        }
        return value
    }

    /// A pattern matcher from `node`, or nil with a diagnostic placed inside the pattern when it does not compile.
    mutating func compiled(_ node: Node, key: String, options: Rule.Matcher.Options) -> Rule.Matcher? {
        guard let pattern = string(node, key: key) else { return nil }
        if node.scalar?.style == .doubleQuoted, let mark = node.mark, mark.line <= sourceLines.count,
            sourceLines[mark.line - 1].unicodeScalars.dropFirst(mark.column).contains("\\")
        {
            diagnostics.append(
                Diagnostic(
                    .warning,
                    "YAML rewrites backslash escapes in double-quoted strings before PCRE2 sees them ('\\b' becomes "
                        + "a backspace, '\\\\' one backslash); write the \(key) in single quotes",
                    at: location(mark),
                    check: "yaml-escape"
                )
            )
        }
        let (matcher, problem) = Rule.Matcher.pattern(pattern, options: options).validated()
        if let problem {
            let offset = problem.patternOffset ?? 0
            let place = PatternLocator(lines: sourceLines).location(
                ofPatternOffset: offset,
                in: node,
                pattern: pattern,
                file: path
            )
            error(
                "invalid pattern: \(problem.message) (at offset \(offset) in the pattern)",
                at: place,
                check: "invalid-regex"
            )
            return nil
        }
        return matcher
    }

    mutating func parseExamples(_ node: Node?) -> [Rule.Example] {
        var examples: [Rule.Example] = []
        let items = mappings(
            in: node,
            key: "examples",
            listProblem: "'examples' must be a list of {input, output} mappings",
            itemProblem: "an example must be a mapping with 'input' and 'output'",
            allowed: RuleFileKeys.example
        )
        for (item, fields) in items {
            let input = requiredString(fields, "input", in: "example", at: item.mark)
            let output = requiredString(fields, "output", in: "example", at: item.mark)
            if let input, let output {
                examples.append(Rule.Example(input: input, output: output, location: location(item.mark)))
            }
        }
        return examples
    }

    mutating func parseKeep(_ node: Node?) -> [Rule.Keep] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            error("'keep' must be a list of texts the rule must leave alone", at: node.mark, check: "type")
            return []
        }
        return sequence.compactMap { item in
            string(item, key: "keep").map { Rule.Keep($0, location: location(item.mark)) }
        }
    }

    // MARK: Typed access

    /// The items of a list of mappings, each with its fields; reports a value that is not a list, and items that
    /// are not mappings.
    mutating func mappings(
        in node: Node?,
        key: String,
        listProblem: String,
        itemProblem: String,
        allowed: [String]
    ) -> [(item: Node, fields: [String: Node])] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            error(listProblem, at: node.mark, check: "type")
            return []
        }
        var items: [(item: Node, fields: [String: Node])] = []
        for item in sequence {
            guard let mapping = item.mapping else {
                error(itemProblem, at: item.mark, check: "type")
                continue
            }
            items.append((item, fields(of: mapping, allowed: allowed, in: String(key.dropLast()))))
        }
        return items
    }

    /// The mapping's fields by key; reports unknown and duplicate keys.
    mutating func fields(of mapping: Node.Mapping, allowed: [String], in what: String) -> [String: Node] {
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("keys must be plain strings", at: keyNode.mark, check: "type")
                continue
            }
            guard allowed.contains(key) else {
                error(
                    "unknown key '\(key)' in \(what)\(suggestion(key, among: allowed))",
                    at: keyNode.mark,
                    check: "unknown-key"
                )
                continue
            }
            if result[key] != nil {
                error("duplicate key '\(key)'", at: keyNode.mark, check: "duplicate-key")
                continue
            }
            result[key] = value
        }
        return result
    }

    mutating func string(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            error("'\(key)' must be a string", at: node.mark, check: "type")
            return nil
        }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            error("'\(key)' must be a string, not null", at: node.mark, check: "type")
            return nil
        }
        return scalar.string
    }

    mutating func requiredString(_ fields: [String: Node], _ key: String, in what: String, at mark: Mark?) -> String? {
        guard let node = fields[key] else {
            error("missing key '\(key)' in \(what)", at: mark, check: "missing-key")
            return nil
        }
        return string(node, key: key)
    }

    mutating func optionalString(_ fields: [String: Node], _ key: String) -> String? {
        fields[key].flatMap { string($0, key: key) }
    }

    mutating func integer(_ node: Node, key: String) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain, let value = Int(scalar.string) else {
            error("'\(key)' must be a whole number", at: node.mark, check: "type")
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, key: String) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain else {
            error("'\(key)' must be true or false", at: node.mark, check: "type")
            return nil
        }
        switch scalar.string {
        case "true": return true
        case "false": return false
        default:
            error("'\(key)' must be true or false", at: node.mark, check: "type")
            return nil
        }
    }

    mutating func stringList(_ node: Node, key: String) -> [String]? {
        guard let sequence = node.sequence else {
            error("'\(key)' must be a list", at: node.mark, check: "type")
            return nil
        }
        var values: [String] = []
        for item in sequence {
            guard let value = string(item, key: "an item of '\(key)'") else { return nil }
            values.append(value)
        }
        return values
    }

    // MARK: YAML

    mutating func reportYAMLError(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text): " } ?? ""
            error("invalid YAML: \(detail)\(problem)", at: mark, check: "yaml-syntax")
        case .duplicatedKeysInMapping(let duplicates, let context):
            error(
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) \(context.text)",
                at: context.mark,
                check: "duplicate-key"
            )
        case .reader(let problem, let offset, _, _):
            error("cannot read the file: \(problem)\(offset.map { " at byte \($0)" } ?? "")", at: nil, check: "yaml-syntax")
        default:
            error("invalid YAML: \(yamlError)", at: nil, check: "yaml-syntax")
        }
    }

    /// The first node that carries a YAML anchor, if any. Aliases are resolved to their anchored node, so this
    /// also finds every alias; the walk stops at the first, so an alias bomb is never expanded.
    func firstAnchoredNode(_ node: Node) -> Node? {
        if node.anchor != nil { return node }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = firstAnchoredNode(key) ?? firstAnchoredNode(value) { return found }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let found = firstAnchoredNode(item) { return found }
            }
        case .scalar, .alias:
            break
        }
        return nil
    }

    // MARK: Validation helpers

    func isValidPackID(_ id: String) -> Bool {
        id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
            && id.first?.isLetter == true
    }

    func isValidRuleID(_ id: String) -> Bool {
        id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && id.first?.isLetter == true
    }

    func isValidHost(_ host: String) -> Bool {
        !host.isEmpty && host.contains(".")
            && host.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "."
                    || $0 == "-"
            }
    }
}

func trimmed(_ text: String) -> String {
    String(text.trimmingWhitespace())
}

func list(_ words: [String]) -> String {
    words.map { "'\($0)'" }.joined(separator: ", ")
}

/// ` (did you mean 'x'?)` for the closest of `candidates` to `word`, or "" when none is close.
func suggestion(_ word: String, among candidates: [String]) -> String {
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return "" }
    return " (did you mean '\(best)'?)"
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
