#!/usr/bin/env python3
"""Makes hall-server/Session.HallServer/Auth/common-passwords.txt: the passwords people pick first, as patterns.

Not copied from any leaked list: common words (English, Ukrainian in Latin letters, Cyrillic typed on a Latin
keyboard), keyboard walks and digit runs, each with the suffixes people add (123, a year, !). Only entries of at
least 10 characters are kept: shorter ones are refused by the length rule already. Lowercase; the server compares
case-insensitively. Run: python3 scripts/common-passwords.py
"""
import itertools, pathlib

words = """password passw0rd p@ssword p@ssw0rd passwort motdepasse contrasena qwerty qwertyuiop azerty letmein welcome
admin administrator adminadmin root superuser user username login guest test tester testing changeme default secret
iloveyou loveyou lovely monkey dragon football baseball basketball soccer hockey sunshine princess master shadow
superman batman spiderman trustno1 starwars michael jennifer jessica ashley daniel andrew joshua matthew thomas
computer internet whatever freedom charlie mustang access flower hunter killer summer winter spring autumn
chocolate cookie cheese banana orange apple pepper ginger buster tigger maggie bailey hannah jordan harley ranger
rainbow butterfly angel1 angels blessed jesus christ heaven family friends forever nothing something
samsung iphone google facebook youtube microsoft windows linux ubuntu server hello helloworld welcome1
parol parolparol parol1 moyparol mojparol kyiv kiev kyivcity ukraine ukraina ukrayina ukrainian slavaukraini
slava heroyamslava geroyamslava zhytomyr zhitomir odesa odessa lviv lvov kharkiv kharkov dnipro dnepr poltava
chernihiv vinnytsia vinnitsa rivne lutsk ternopil uzhhorod chernivtsi sumy cherkasy kropyvnytskyi mykolaiv kherson
zaporizhzhia ivanofrankivsk khmelnytskyi rada radamiska miskarada selrada silrada selyshche hromada gromada
sekretar secretar secretary sekretariat deputat deputaty deputy sesiya sesia sessiya session holova golova
holovarady golovarady meriya mer mayor vykonkom ispolkom buhgalter bukhhalter buhgalteria kadry zarplata
rada2024 natasha nataliya natalia olena elena oksana iryna irina tetiana tatiana svitlana svetlana yulia julia
anna maria mariya kateryna ekaterina olha olga viktoria victoria lyudmyla lyudmila halyna galina nadiya nadezhda
oleksandr aleksandr alexander sasha serhii sergey sergei andrii andrey dmytro dmitriy volodymyr vladimir vova
mykola nikolay ivan petro petr vasyl vasiliy yurii yuriy oleh oleg ihor igor maksym maxim artem bohdan bogdan
taras roman vitalii vitaliy mykhailo mikhail pavlo pavel stepan viktor denys denis anton yaroslav kolya
kotyk kotik sonechko sonce solnce zaychik zaika lyubov lubov kohannya kohana ridna ridnyi mama papa tato
babusia dedushka shevchenko kobzar kozak kazak karpaty dnipro1 maidan vyshyvanka borshch salo dynamo shakhtar
gfhjkm ghbdtn ghbdtnrfrltkf gfhjkmgfhjkm vfhbyf nfnmzyf rfhfylfi gjkbyf ntcnbhjdfybt
""".split()

cyrillic = """пароль парольпароль мійпароль мойпароль привіт привет україна украина слава славаукраїні
героямслава київ киев житомир одеса львів харків дніпро рада міськарада сільрада громада секретар депутат
сесія голова адміністратор адмін кохання любов сонечко котик зайчик наташа олена оксана ірина тетяна
світлана юлія анна марія катерина ольга вікторія олександр сергій андрій дмитро володимир микола іван
йцукенгшщз йцукен фівапролдж ячсмитьбю
""".split()

walks = """qwertyuiop asdfghjkl zxcvbnm qazwsxedc qweasdzxc 1qaz2wsx3edc 1q2w3e4r5t 1q2w3e4r5t6y 1q2w3e4r
zaq12wsx zaq1xsw2 1qazxsw2 !qaz2wsx qwerty123 qwe123 asd123 zxc123 qweqwe qweasd asdasd zxczxc 1qaz2wsx
qwertyuiop123 asdfghjkl123 zxcvbnm123 poiuytrewq lkjhgfdsa mnbvcxz qwertz qwertzuiop ytrewq 123qwe 123asd
qazxswedc qwerasdf qwerasdfzxcv 1234qwer qwer1234 asdf1234 zxcv1234 q1w2e3r4t5 a1s2d3f4g5 z1x2c3v4b5
""".split()

digits = set()
run = "1234567890"
for n in range(6, 11): digits.add(run[:n]); digits.add(run[:n][::-1])
digits.update(["0987654321", "9876543210", "01234567890", "12345678910", "123123123", "1231231234", "123456123456",
               "1234512345", "1234554321", "1122334455", "1111122222", "1212121212", "1010101010", "147258369",
               "1472583690", "159753159753", "789456123", "7894561230", "9638527410", "3692581470", "1357924680",
               "2468013579", "0011223344", "5555555555", "9999999999", "1234567899", "12345678900", "123456789a",
               "a123456789", "1q1q1q1q1q", "abcdefghij", "abcdef1234", "abc1234567", "abcd123456", "aaaaaaaaaa"])
for d in "0123456789":
    for n in range(6, 13): digits.add(d * n)
for a, b in itertools.product("0123456789", repeat=2):
    if a != b: digits.add((a + b) * 5)

suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "321", "0", "00",
            "01", "007", "11", "13", "69", "77", "777", "88", "99", "111", "000", "!", "1!", "123!", "!!", "@", "#1",
            "2000", "2001", "2005", "2010", "2015", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025",
            "2026", "2027", "1990", "1985", "1980", "1975", "1970", "qwerty", "123qwe", "_123", ".123", "-123"]
prefixes = ["", "my", "the", "1", "123"]

out = set()
def add(p):
    p = p.strip().lower()
    if len(p) >= 10 and len(p) <= 64: out.add(p)

for d in digits:
    for s in ["", "!", "0", "1", "a", "q"]:
        add(d + s)
for w in words + cyrillic + walks:
    for s in suffixes:
        add(w + s)
    for p in prefixes[1:]:
        add(p + w)
    add(w + w)
    add(w[::-1] + "123")

leet = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})
for w in words[:60]:
    for s in ["", "1", "123", "!", "2024", "2025", "2026"]:
        add(w.translate(leet) + s)

path = pathlib.Path(__file__).resolve().parent.parent / "hall-server/Session.HallServer/Auth/common-passwords.txt"
path.write_text("# Common passwords refused for staff accounts (made by scripts/common-passwords.py; lowercase, >= 10 chars)\n"
                + "\n".join(sorted(out)) + "\n", encoding="utf-8")
print(len(out), "entries ->", path)
