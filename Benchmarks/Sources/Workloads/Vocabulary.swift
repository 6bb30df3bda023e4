/// Word lists for English-like news text. Ordered roughly by frequency: `SeededRandom.skewed` favours the front.
enum Vocabulary {
    static let words: [String] = """
        the of and to a in that said is for on it was with he as by at from his be are have has this an not but \
        they were had which who will their been would its more after year also people there one about government \
        we two new first over when last could can than other some up out into told officials police minister \
        president country time week state years because per cent percent million billion her she them all him \
        while no if so what may should under before between during most against since those where city public \
        report according month three national security court later former how only made did party including \
        told just says day health support many could such both any each market since school workers group \
        according company companies local members force second city council plan plans water power children \
        officials economy prices bank election vote voters campaign leader leaders opposition talks deal \
        agreement ceasefire forces military attack attacks killed injured hospital fire storm rain flooding \
        drought farmers crops food fuel energy oil gas electricity network service services system systems \
        budget tax taxes spending debt inflation interest rates growth jobs unemployment wages union strike \
        strikes protest protesters demonstration capital region province district village town streets road \
        bridge airport station train trains flights passengers tourists visitors residents families community \
        communities church mosque temple university students teachers doctors nurses patients virus vaccine \
        cases study research scientists data evidence investigation inquiry trial judge jury lawyers case \
        charges arrested suspect suspects victims witnesses statement spokesman spokeswoman ministry department \
        agency agencies authority authorities commission committee board chairman chief executive director \
        manager minister's president's government's country's company's \
        early late morning afternoon evening night monday tuesday wednesday thursday friday saturday sunday \
        january february march april june july august september october november december \
        increase decrease rise fall fell rose risen dropped higher lower record level levels number numbers \
        figures figure total half quarter third estimated expected likely unlikely possible potential major \
        minor key important significant serious critical concern concerns warning warned warns called calls \
        asked asks added adds noted notes announced announces confirmed denied rejected accepted approved \
        signed launched opened closed ended began started continued remained stayed left returned arrived \
        moved sent received paid spent lost won gained held hold holds meet met meeting meetings summit \
        visit visited trip members member parliament senate congress assembly law laws bill bills rules rule \
        policy policies reform reforms programme program project projects scheme plan proposal proposals \
        image photo watch listen share follow subscribe subscription newsletter advertisement advertising \
        sponsored reading read more related updated comment comments copyright reporting editing published \
        story stories article articles news media press television radio online website readers audience
        """.split(separator: " ").map(String.init)

    static let firstNames: [String] = [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Thandiwe", "Sipho", "Nomvula", "Pieter", "Aisha", "Omar", "Priya", "Rahul", "Mei", "Wei", "Kenji",
        "Yuki", "Olga", "Dmitri", "Ingrid", "Lars", "José", "Zoë", "Søren", "François", "Chloé", "Łukasz",
        "Ana", "Mateo", "Fatima", "Kwame", "Amara", "Hannah", "Lucas", "Emma",
    ]

    static let lastNames: [String] = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Nkosi", "Dlamini", "van der Merwe", "Botha", "Naidoo", "Khumalo", "Patel", "Singh", "Chen", "Wang",
        "Tanaka", "Sato", "Ivanova", "Petrov", "Larsen", "Hansen", "Müller", "Núñez", "O'Brien", "Dubois",
        "Kowalski", "Okafor", "Mensah", "Haddad", "Rossi", "Ferreira", "Nguyen", "Kim", "Park", "Cohen",
    ]

    static let places: [String] = [
        "Johannesburg", "Cape Town", "Durban", "Pretoria", "London", "Paris", "Berlin", "Moscow", "Washington",
        "New York", "Beijing", "Tokyo", "Delhi", "Mumbai", "Nairobi", "Lagos", "Cairo", "Geneva", "Brussels",
        "São Paulo", "Mexico City", "Sydney", "Toronto", "Kyiv", "Istanbul", "Damascus", "Aleppo", "Gaza",
    ]

    static let agencies = ["REUTERS", "AFP", "AP", "GETTY IMAGES", "EPA", "BLOOMBERG", "SUPPLIED", "ALAMY"]

    static let datelineCities = [
        "LONDON", "PARIS", "BERLIN", "MOSCOW", "WASHINGTON", "BEIJING", "TOKYO", "NAIROBI", "JOHANNESBURG",
        "CAIRO", "GENEVA", "BRUSSELS", "SYDNEY", "TORONTO", "ISTANBUL",
    ]

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}
