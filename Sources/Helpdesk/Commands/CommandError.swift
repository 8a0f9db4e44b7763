/// A mistake on the command line, said in words the operator can act on.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
