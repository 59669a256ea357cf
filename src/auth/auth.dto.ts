import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@coffer.local' })
  @IsString()
  @Length(3, 254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password: string;
}
