# Oracle: RubyGems' Gem::Version and Gem::Requirement. Lines on stdin:
# "cmp\tA\tB" -> -1/0/1 (E if either is invalid); "valid\tA" -> 1/0;
# "sat\tV\tREQ1,REQ2" -> 1/0 (E if invalid).
require 'rubygems'
out = []
STDIN.each_line do |line|
  op, a, b = line.chomp("\n").split("\t", -1)
  case op
  when 'valid'
    out << (Gem::Version.correct?(a) ? '1' : '0')
  when 'cmp'
    if !Gem::Version.correct?(a) || !Gem::Version.correct?(b)
      out << 'E'
    else
      out << (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
    end
  else
    begin
      req = Gem::Requirement.new(*b.split(','))
      out << (Gem::Version.correct?(a) ? (req.satisfied_by?(Gem::Version.new(a)) ? '1' : '0') : 'E')
    rescue ArgumentError, Gem::Requirement::BadRequirementError
      out << 'E'
    end
  end
end
print out.join("\n") + (out.empty? ? '' : "\n")
