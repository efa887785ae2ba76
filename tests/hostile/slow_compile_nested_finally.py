def f(x):
    try:
        if x: return 0
    finally:
        try:
            if x: return 1
        finally:
            try:
                if x: return 2
            finally:
                try:
                    if x: return 3
                finally:
                    try:
                        if x: return 4
                    finally:
                        try:
                            if x: return 5
                        finally:
                            try:
                                if x: return 6
                            finally:
                                try:
                                    if x: return 7
                                finally:
                                    try:
                                        if x: return 8
                                    finally:
                                        try:
                                            if x: return 9
                                        finally:
                                            try:
                                                if x: return 10
                                            finally:
                                                try:
                                                    if x: return 11
                                                finally:
                                                    try:
                                                        if x: return 12
                                                    finally:
                                                        try:
                                                            if x: return 13
                                                        finally:
                                                            try:
                                                                if x: return 14
                                                            finally:
                                                                try:
                                                                    if x: return 15
                                                                finally:
                                                                    try:
                                                                        if x: return 16
                                                                    finally:
                                                                        try:
                                                                            if x: return 17
                                                                        finally:
                                                                            try:
                                                                                if x: return 18
                                                                            finally:
                                                                                try:
                                                                                    if x: return 19
                                                                                finally:
                                                                                    try:
                                                                                        if x: return 20
                                                                                    finally:
                                                                                        try:
                                                                                            if x: return 21
                                                                                        finally:
                                                                                            try:
                                                                                                if x: return 22
                                                                                            finally:
                                                                                                try:
                                                                                                    if x: return 23
                                                                                                finally:
                                                                                                    try:
                                                                                                        if x: return 24
                                                                                                    finally:
                                                                                                        try:
                                                                                                            if x: return 25
                                                                                                        finally:
                                                                                                            try:
                                                                                                                if x: return 26
                                                                                                            finally:
                                                                                                                try:
                                                                                                                    if x: return 27
                                                                                                                finally:
                                                                                                                    try:
                                                                                                                        if x: return 28
                                                                                                                    finally:
                                                                                                                        try:
                                                                                                                            if x: return 29
                                                                                                                        finally:
                                                                                                                            try:
                                                                                                                                if x: return 30
                                                                                                                            finally:
                                                                                                                                try:
                                                                                                                                    if x: return 31
                                                                                                                                finally:
                                                                                                                                    try:
                                                                                                                                        if x: return 32
                                                                                                                                    finally:
                                                                                                                                        try:
                                                                                                                                            if x: return 33
                                                                                                                                        finally:
                                                                                                                                            try:
                                                                                                                                                if x: return 34
                                                                                                                                            finally:
                                                                                                                                                try:
                                                                                                                                                    if x: return 35
                                                                                                                                                finally:
                                                                                                                                                    try:
                                                                                                                                                        if x: return 36
                                                                                                                                                    finally:
                                                                                                                                                        try:
                                                                                                                                                            if x: return 37
                                                                                                                                                        finally:
                                                                                                                                                            try:
                                                                                                                                                                if x: return 38
                                                                                                                                                            finally:
                                                                                                                                                                try:
                                                                                                                                                                    if x: return 39
                                                                                                                                                                finally:
                                                                                                                                                                    x = 0
print(f(1))
