# -*- coding: utf-8 -*-
SITE = "café"
NAME_é = 1
