// swift-tools-version: 6.1
// A scraper's view of newsclean: a package that depends on it by path and cleans an article in Swift.
import PackageDescription

let package = Package(
    name: "library-example",
    dependencies: [
        .package(name: "newsclean", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "clean-article",
            dependencies: [
                .product(name: "Newsclean", package: "newsclean"),
                .product(name: "NewscleanRules", package: "newsclean"),
            ]
        )
    ]
)
