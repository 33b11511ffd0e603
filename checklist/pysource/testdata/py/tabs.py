if True:
	A = 1
	if A:
		B = [1,
		     2]

	# tabbed comment
C = 3