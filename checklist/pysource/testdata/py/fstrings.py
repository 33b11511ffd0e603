user = "bob"
width = 10
A = f"{user}"
B = f'{user!s}'
C = F"{user:>{width}}"
D = f"{{}}"
E = rf"\d{user}"
F = fR'{user}\n'
G = f"{ {'a': 1}['a'] }"
H = f"{user=}"
I = f"""{
    user
}"""
J = f"a" "b" f"{user}"
K = f"{3.14:.2f}"
L = f"{'}'}"
M = f"{user if user != 'x' else 'y'}"
